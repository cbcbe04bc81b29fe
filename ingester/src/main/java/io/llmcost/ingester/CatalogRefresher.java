package io.llmcost.ingester;

import io.llmcost.ledger.PriceCatalogStore;
import io.llmcost.pricing.PriceCatalog;
import io.llmcost.pricing.PricingException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the ingester's price catalog in step with the catalog tables: a cheap version check on
 * every tick, a reload only when the version moved. A catalog the engine rejects leaves the
 * previous one in place.
 */
final class CatalogRefresher implements Supplier<PriceCatalog> {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogRefresher.class);

  private final PriceCatalogStore store;
  private final Clock clock;
  private volatile PriceCatalog catalog = PriceCatalog.empty();
  private volatile long version = -1;
  private volatile Instant loadedAt;
  private volatile String lastError;

  CatalogRefresher(PriceCatalogStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public PriceCatalog get() {
    return catalog;
  }

  long version() {
    return version;
  }

  Instant loadedAt() {
    return loadedAt;
  }

  String lastError() {
    return lastError;
  }

  /** Reloads if the stored catalog changed; returns whether it did. */
  boolean refresh() {
    try {
      long current = store.version();
      if (current == version) {
        return false;
      }
      PriceCatalog loaded = PriceCatalog.of(store.load());
      catalog = loaded;
      version = current;
      loadedAt = clock.instant();
      lastError = null;
      LOG.info("price catalog version {} loaded: {} model entries", current, loaded.modelCount());
      return true;
    } catch (SQLException | PricingException e) {
      lastError = e.getMessage();
      LOG.warn("price catalog not reloaded: {}", e.getMessage());
      return false;
    }
  }
}
