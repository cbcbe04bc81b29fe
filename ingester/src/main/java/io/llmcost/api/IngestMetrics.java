package io.llmcost.api;

import io.llmcost.ingest.IngestObserver;
import io.llmcost.ledger.LedgerRow;
import io.llmcost.model.Money;
import io.llmcost.model.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * CONTRACT.md's llm_* metrics and the pipeline's llmcost_ingest_* metrics. Counted from committed
 * rows only (a replay adds nothing), so they agree with the ledger. Cost is summed as an exact
 * decimal; only the Prometheus exposition turns it into a float.
 */
public final class IngestMetrics implements IngestObserver {
  private static final Duration[] DURATION_BUCKETS = {
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(20),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60),
    Duration.ofSeconds(120)
  };

  private record Labels(
      String model, String provider, String namespace, String application, String user) {
    Tags tags() {
      Tags tags =
          Tags.of("model", model, "provider", provider, "namespace", namespace)
              .and("application", application);
      return user == null ? tags : tags.and("user", user);
    }
  }

  /** Running sums for one label set. */
  private static final class Totals {
    private BigDecimal cost = Money.ZERO;
    final LongAdder requests = new LongAdder();
    final LongAdder unpriced = new LongAdder();
    final LongAdder input = new LongAdder();
    final LongAdder output = new LongAdder();
    final LongAdder cacheRead = new LongAdder();
    final LongAdder cacheWrite = new LongAdder();
    final LongAdder reasoning = new LongAdder();
    Timer duration;

    synchronized void addCost(BigDecimal amount) {
      cost = cost.add(amount);
    }

    synchronized double costForExposition() {
      return cost.doubleValue();
    }
  }

  private final MeterRegistry registry;
  private final boolean userLabel;
  private final Map<Labels, Totals> totals = new ConcurrentHashMap<>();
  private final Counter ignored;
  private final Counter rejected;
  private final Counter accepted;
  private final Counter duplicate;
  private final Counter batchesCommitted;
  private final Counter batchesFailedTransient;
  private final Counter batchesFailed;
  private final Timer commitLatency;

  /**
   * @param userLabel whether llm_* metrics carry a user label (unbounded: off by default)
   */
  public IngestMetrics(MeterRegistry registry, boolean userLabel) {
    this.registry = registry;
    this.userLabel = userLabel;
    this.accepted = spans("accepted");
    this.duplicate = spans("duplicate");
    this.rejected = spans("rejected");
    this.ignored = spans("ignored");
    this.batchesCommitted = batches("committed");
    this.batchesFailedTransient = batches("unavailable");
    this.batchesFailed = batches("failed");
    this.commitLatency =
        Timer.builder("llmcost.ingest.batch.commit")
            .description("Time to commit one batch to the ledger")
            .publishPercentileHistogram()
            .register(registry);
  }

  private Counter spans(String result) {
    return Counter.builder("llmcost.ingest.spans")
        .description("Spans received, by what became of them")
        .tag("result", result)
        .register(registry);
  }

  private Counter batches(String result) {
    return Counter.builder("llmcost.ingest.batches")
        .description("Ledger batches, by outcome")
        .tag("result", result)
        .register(registry);
  }

  @Override
  public void spans(int ignoredSpans, int rejectedSpans) {
    ignored.increment(ignoredSpans);
    rejected.increment(rejectedSpans);
  }

  @Override
  public void committed(List<LedgerRow> inserted, int duplicates, Duration latency) {
    batchesCommitted.increment();
    commitLatency.record(latency);
    accepted.increment(inserted.size());
    duplicate.increment(duplicates);
    for (LedgerRow row : inserted) {
      Totals t =
          totals.computeIfAbsent(
              new Labels(
                  row.model(),
                  row.provider(),
                  row.namespace(),
                  row.application(),
                  userLabel ? row.userId() : null),
              this::register);
      TokenUsage u = row.usage();
      t.addCost(row.cost());
      t.requests.increment();
      if (row.unpriced()) {
        t.unpriced.increment();
      }
      t.input.add(u.input());
      t.output.add(u.output());
      t.cacheRead.add(u.cacheRead());
      t.cacheWrite.add(u.cacheWrite());
      t.reasoning.add(u.reasoning());
      if (row.latencyMs() != null) {
        t.duration.record(Duration.ofMillis(row.latencyMs()));
      }
    }
  }

  @Override
  public void batchFailed(boolean transientFailure) {
    (transientFailure ? batchesFailedTransient : batchesFailed).increment();
  }

  @Override
  public void request(String protocol, String outcome) {
    Counter.builder("llmcost.ingest.requests")
        .description("OTLP export requests, by protocol and outcome")
        .tags("protocol", protocol, "outcome", outcome)
        .register(registry)
        .increment();
  }

  private Totals register(Labels labels) {
    Totals t = new Totals();
    Tags tags = labels.tags();
    FunctionCounter.builder("llm.cost.usd", t, Totals::costForExposition)
        .description("Cost of LLM calls in USD")
        .tags(tags)
        .register(registry);
    FunctionCounter.builder("llm.requests", t, x -> x.requests.doubleValue())
        .description("LLM calls")
        .tags(tags)
        .register(registry);
    FunctionCounter.builder("llm.unpriced.requests", t, x -> x.unpriced.doubleValue())
        .description("LLM calls no price catalog covers (stored with cost 0 and flagged)")
        .tags(tags)
        .register(registry);
    tokens(t.input, tags, "input");
    tokens(t.output, tags, "output");
    tokens(t.cacheRead, tags, "cache_read");
    tokens(t.cacheWrite, tags, "cache_write");
    tokens(t.reasoning, tags, "reasoning");
    t.duration =
        Timer.builder("llm.request.duration")
            .description("Duration of LLM calls (span start to end)")
            .tags(tags)
            .serviceLevelObjectives(DURATION_BUCKETS)
            .register(registry);
    return t;
  }

  private void tokens(LongAdder adder, Tags tags, String type) {
    FunctionCounter.builder("llm.tokens", adder, LongAdder::doubleValue)
        .description("Tokens of LLM calls, by type (input includes cached, output reasoning)")
        .tags(tags.and("type", type))
        .register(registry);
  }
}
