package io.llmcost.ledger;

import io.llmcost.model.Money;
import io.llmcost.model.ServiceTier;
import io.llmcost.model.pricing.LlmPricing;
import io.llmcost.model.pricing.LlmPricingSpec;
import io.llmcost.model.pricing.LongContextTier;
import io.llmcost.model.pricing.ModelPrice;
import io.llmcost.model.pricing.PriceFields;
import io.llmcost.model.pricing.ServiceTiers;
import io.llmcost.pricing.PriceCatalog;
import io.llmcost.pricing.PriceCatalogEntry;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The price catalog tables: LlmPricing specs in, the same specs out. Writing validates each catalog
 * with the price engine first, so nothing the engine would reject is stored.
 */
public final class PriceCatalogStore {
  private static final String STANDARD = "standard";

  private final DataSource dataSource;

  public PriceCatalogStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Stores the catalogs, each replacing any catalog of the same name, in one transaction, and bumps
   * the catalog version so ingesters reload.
   *
   * @param source where they came from: "kubernetes" or "file:&lt;path&gt;"
   * @return the number of model entries stored
   */
  public int apply(List<LlmPricing> catalogs, String source) throws SQLException {
    List<PriceCatalogEntry> entries = new ArrayList<>();
    for (LlmPricing pricing : catalogs) {
      entries.add(new PriceCatalogEntry(pricing.getMetadata().getName(), pricing.getSpec()));
    }
    PriceCatalog.of(entries); // throws PricingException naming the bad field
    int models = 0;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (LlmPricing pricing : catalogs) {
          models += write(c, pricing, source);
        }
        bumpVersion(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    return models;
  }

  /** Removes a catalog; returns whether it existed. */
  public boolean delete(String name) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM price_catalogs WHERE name = ?")) {
        ps.setString(1, name);
        boolean existed = ps.executeUpdate() > 0;
        if (existed) {
          bumpVersion(c);
        }
        c.commit();
        return existed;
      }
    }
  }

  /** The generation of the LlmPricing object a stored catalog came from, or null. */
  public Long storedGeneration(String name) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT generation FROM price_catalogs WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        long g = rs.getLong(1);
        return rs.wasNull() ? null : g;
      }
    }
  }

  /** The catalog version; it changes whenever any catalog does. */
  public long version() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT version FROM price_catalog_version");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Every stored catalog, as the engine takes them, sorted by name. */
  public List<PriceCatalogEntry> load() throws SQLException {
    Map<String, LlmPricingSpec> specs = new TreeMap<>();
    Map<Long, ModelPrice> models = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
              c.prepareStatement("SELECT name, provider, effective_from FROM price_catalogs");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          LlmPricingSpec spec = new LlmPricingSpec();
          spec.setProvider(rs.getString("provider"));
          Timestamp from = rs.getTimestamp("effective_from");
          if (from != null) {
            spec.setEffectiveFrom(from.toInstant().toString());
          }
          spec.setModels(new ArrayList<>());
          specs.put(rs.getString("name"), spec);
        }
      }
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, catalog, model_name, match_regex FROM price_models"
                      + " ORDER BY catalog, position");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ModelPrice model = new ModelPrice();
          model.setName(rs.getString("model_name"));
          model.setMatch(rs.getString("match_regex"));
          specs.get(rs.getString("catalog")).getModels().add(model);
          models.put(rs.getLong("id"), model);
        }
      }
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT model_id, above_input_tokens, service_tier, input, output, cache_read,"
                      + " cache_write, cache_write_1h, reasoning FROM price_rates"
                      + " ORDER BY model_id, above_input_tokens, service_tier");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ModelPrice model = models.get(rs.getLong("model_id"));
          PriceFields target =
              tierOf(model, rs.getLong("above_input_tokens"), rs.getString("service_tier"));
          target.setInput(text(rs.getBigDecimal("input")));
          target.setOutput(text(rs.getBigDecimal("output")));
          target.setCacheRead(text(rs.getBigDecimal("cache_read")));
          target.setCacheWrite(text(rs.getBigDecimal("cache_write")));
          target.setCacheWrite1h(text(rs.getBigDecimal("cache_write_1h")));
          target.setReasoning(text(rs.getBigDecimal("reasoning")));
        }
      }
    }
    List<PriceCatalogEntry> entries = new ArrayList<>();
    specs.forEach((name, spec) -> entries.add(new PriceCatalogEntry(name, spec)));
    return entries;
  }

  private static int write(Connection c, LlmPricing pricing, String source) throws SQLException {
    String name = pricing.getMetadata().getName();
    LlmPricingSpec spec = pricing.getSpec();
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM price_catalogs WHERE name = ?")) {
      ps.setString(1, name);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO price_catalogs (name, provider, effective_from, source, generation)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, name);
      ps.setString(2, spec.getProvider());
      if (spec.getEffectiveFrom() == null) {
        ps.setNull(3, Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        ps.setObject(3, OffsetDateTime.parse(spec.getEffectiveFrom()));
      }
      ps.setString(4, source);
      Long generation = pricing.getMetadata().getGeneration();
      if (generation == null) {
        ps.setNull(5, Types.BIGINT);
      } else {
        ps.setLong(5, generation);
      }
      ps.executeUpdate();
    }
    try (PreparedStatement model =
            c.prepareStatement(
                "INSERT INTO price_models (catalog, position, model_name, match_regex)"
                    + " VALUES (?, ?, ?, ?) RETURNING id");
        PreparedStatement rate =
            c.prepareStatement(
                "INSERT INTO price_rates (model_id, above_input_tokens, service_tier, input,"
                    + " output, cache_read, cache_write, cache_write_1h, reasoning)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int position = 0;
      for (ModelPrice m : spec.getModels()) {
        model.setString(1, name);
        model.setInt(2, position++);
        model.setString(3, m.getName());
        model.setString(4, m.getMatch());
        long id;
        try (ResultSet rs = model.executeQuery()) {
          rs.next();
          id = rs.getLong(1);
        }
        addRate(rate, id, 0, STANDARD, m);
        addServiceTiers(rate, id, 0, m.getServiceTiers());
        if (m.getLongContext() != null) {
          for (LongContextTier tier : m.getLongContext()) {
            addRate(rate, id, tier.getAboveInputTokens(), STANDARD, tier);
            addServiceTiers(rate, id, tier.getAboveInputTokens(), tier.getServiceTiers());
          }
        }
      }
      rate.executeBatch();
      return position;
    }
  }

  private static void addServiceTiers(PreparedStatement rate, long id, long above, ServiceTiers t)
      throws SQLException {
    if (t == null) {
      return;
    }
    for (ServiceTier tier : ServiceTier.values()) {
      PriceFields prices = t.pricesOf(tier);
      if (prices != null) {
        addRate(rate, id, above, tier.wireName(), prices);
      }
    }
  }

  private static void addRate(
      PreparedStatement ps, long modelId, long above, String tier, PriceFields f)
      throws SQLException {
    ps.setLong(1, modelId);
    ps.setLong(2, above);
    ps.setString(3, tier);
    ps.setBigDecimal(4, decimal(f.getInput()));
    ps.setBigDecimal(5, decimal(f.getOutput()));
    ps.setBigDecimal(6, decimal(f.getCacheRead()));
    ps.setBigDecimal(7, decimal(f.getCacheWrite()));
    ps.setBigDecimal(8, decimal(f.getCacheWrite1h()));
    ps.setBigDecimal(9, decimal(f.getReasoning()));
    ps.addBatch();
  }

  private static PriceFields tierOf(ModelPrice model, long above, String serviceTier) {
    PriceFields owner = model;
    if (above > 0) {
      if (model.getLongContext() == null) {
        model.setLongContext(new ArrayList<>());
      }
      LongContextTier tier =
          model.getLongContext().stream()
              .filter(t -> t.getAboveInputTokens() == above)
              .findFirst()
              .orElseGet(
                  () -> {
                    LongContextTier created = new LongContextTier();
                    created.setAboveInputTokens(above);
                    model.getLongContext().add(created);
                    return created;
                  });
      owner = tier;
    }
    if (STANDARD.equals(serviceTier)) {
      return owner;
    }
    ServiceTiers tiers =
        owner instanceof LongContextTier lc ? lc.getServiceTiers() : model.getServiceTiers();
    if (tiers == null) {
      tiers = new ServiceTiers();
      if (owner instanceof LongContextTier lc) {
        lc.setServiceTiers(tiers);
      } else {
        model.setServiceTiers(tiers);
      }
    }
    return tiers.pricesOfCreating(ServiceTier.fromAttribute(serviceTier));
  }

  private static void bumpVersion(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE price_catalog_version SET version = version + 1, changed_at = now()")) {
      ps.executeUpdate();
    }
  }

  private static BigDecimal decimal(String text) {
    return text == null ? null : new BigDecimal(text);
  }

  private static String text(BigDecimal value) {
    return value == null ? null : Money.formatShortest(value);
  }
}
