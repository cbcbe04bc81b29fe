package io.llmcost.pricing;

import io.llmcost.model.TokenUsage;
import io.llmcost.model.pricing.LlmPricingSpec;
import io.llmcost.model.pricing.ModelPrice;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An immutable, validated set of price catalogs that prices calls.
 *
 * <p>Choosing the entry for a call (provider, model, start time): only catalogs in effect at the
 * call's time and for its provider (or for no provider) count; an exact name match beats a regex
 * match; then the newest {@code effectiveFrom} wins; then a provider-specific catalog beats a
 * provider-less one; a remaining tie goes to the catalog whose name sorts first, so the choice is
 * deterministic. A reported model with a {@code provider/} prefix is also looked up without it.
 */
public final class PriceCatalog {
  private record Candidate(
      String catalog,
      String provider,
      Instant effectiveFrom,
      String modelName,
      Pattern match,
      ModelRates rates) {

    boolean inEffectAt(Instant time) {
      return effectiveFrom == null || !effectiveFrom.isAfter(time);
    }

    boolean servesProvider(String canonicalProvider) {
      return provider == null || canonicalProvider == null || provider.equals(canonicalProvider);
    }
  }

  private static final Comparator<Candidate> PREFERENCE =
      Comparator.comparing(
              Candidate::effectiveFrom, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
          .thenComparing(c -> c.provider() != null)
          .reversed()
          .thenComparing(Candidate::catalog);

  private final Map<String, List<Candidate>> byName;
  private final List<Candidate> byRegex;
  private final int modelCount;

  private PriceCatalog(Map<String, List<Candidate>> byName, List<Candidate> byRegex, int count) {
    this.byName = byName;
    this.byRegex = byRegex;
    this.modelCount = count;
  }

  /** An empty catalog: every call is unpriced. */
  public static PriceCatalog empty() {
    return of(List.of());
  }

  /** Validates and indexes the catalogs; throws {@link PricingException} naming the bad field. */
  public static PriceCatalog of(Collection<PriceCatalogEntry> entries) {
    Map<String, List<Candidate>> byName = new HashMap<>();
    List<Candidate> byRegex = new ArrayList<>();
    int count = 0;
    for (PriceCatalogEntry entry : entries) {
      LlmPricingSpec spec = entry.spec();
      String where = "LlmPricing " + entry.name();
      if (spec == null || spec.getModels() == null || spec.getModels().isEmpty()) {
        throw new PricingException(where + " lists no models");
      }
      String provider = ProviderNames.canonical(spec.getProvider());
      Instant effectiveFrom = parseEffectiveFrom(spec.getEffectiveFrom(), where);
      Set<String> names = new HashSet<>();
      for (ModelPrice model : spec.getModels()) {
        if (model.getName() == null || model.getName().isBlank()) {
          throw new PricingException(where + " has a model without a name");
        }
        if (!names.add(model.getName())) {
          throw new PricingException(where + " lists model " + model.getName() + " twice");
        }
        String modelWhere = where + " model " + model.getName();
        Candidate candidate =
            new Candidate(
                entry.name(),
                provider,
                effectiveFrom,
                model.getName(),
                compile(model.getMatch(), modelWhere),
                ModelRates.parse(model, modelWhere));
        byName.computeIfAbsent(model.getName(), k -> new ArrayList<>()).add(candidate);
        if (candidate.match() != null) {
          byRegex.add(candidate);
        }
        count++;
      }
    }
    return new PriceCatalog(byName, List.copyOf(byRegex), count);
  }

  /** How many model entries the catalog holds. */
  public int modelCount() {
    return modelCount;
  }

  /** Prices a call, or says why it cannot be priced. */
  public PricingResult price(String provider, String model, Instant callTime, TokenUsage usage) {
    Optional<Candidate> found = resolve(provider, model, callTime);
    if (found.isEmpty()) {
      return new PricingResult.Unpriced(
          "no price for model \""
              + model
              + "\""
              + (provider == null ? "" : " of provider \"" + provider + "\"")
              + " at "
              + callTime);
    }
    Candidate c = found.get();
    UnitPrices prices = c.rates().pricesFor(usage);
    return new PricingResult.Priced(
        prices.cost(usage), prices, c.catalog(), c.modelName(), c.effectiveFrom());
  }

  private Optional<Candidate> resolve(String provider, String model, Instant callTime) {
    if (model == null || model.isBlank()) {
      return Optional.empty();
    }
    String canonicalProvider = ProviderNames.canonical(provider);
    List<String> names = lookupNames(model);
    for (String name : names) {
      Optional<Candidate> exact =
          best(byName.getOrDefault(name, List.of()), canonicalProvider, callTime);
      if (exact.isPresent()) {
        return exact;
      }
    }
    List<Candidate> regexMatches = new ArrayList<>();
    for (Candidate c : byRegex) {
      if (names.stream().anyMatch(n -> c.match().matcher(n).matches())) {
        regexMatches.add(c);
      }
    }
    return best(regexMatches, canonicalProvider, callTime);
  }

  private static Optional<Candidate> best(
      List<Candidate> candidates, String canonicalProvider, Instant callTime) {
    return candidates.stream()
        .filter(c -> c.inEffectAt(callTime) && c.servesProvider(canonicalProvider))
        .min(PREFERENCE);
  }

  private static List<String> lookupNames(String model) {
    int slash = model.lastIndexOf('/');
    if (slash > 0 && slash < model.length() - 1) {
      return List.of(model, model.substring(slash + 1));
    }
    return List.of(model);
  }

  private static Pattern compile(String regex, String where) {
    if (regex == null) {
      return null;
    }
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new PricingException(
          where + ": match is not a valid regular expression: " + e.getDescription(), e);
    }
  }

  private static Instant parseEffectiveFrom(String text, String where) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new PricingException(
          where
              + ": effectiveFrom must be an RFC 3339 time such as 2026-01-01T00:00:00Z, got \""
              + text
              + "\"",
          e);
    }
  }
}
