package io.llmcost.ingest;

import io.llmcost.ledger.LedgerErrors;
import io.llmcost.ledger.LedgerRow;
import io.llmcost.ledger.LedgerWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded path from accepted requests to committed batches. Requests queue their rows (up to a
 * fixed number of spans in memory: past that, new requests are refused at once so exporters retry);
 * writer threads take whatever is queued, up to a batch size, and commit it in one transaction, so
 * under load many requests share one commit. A request's future completes only after its rows are
 * committed.
 */
public final class IngestPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);

  /**
   * How a request's rows fared.
   *
   * @param accepted rows newly stored
   * @param duplicates rows already in the ledger (replays)
   */
  public record Committed(int accepted, int duplicates) {}

  private record Job(List<LedgerRow> rows, int permits, CompletableFuture<Committed> done) {}

  private final DataSource dataSource;
  private final int capacity;
  private final int maxBatchSpans;
  private final IngestObserver observer;
  private final Semaphore space;
  private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean open = true;

  public IngestPipeline(
      DataSource dataSource,
      int capacitySpans,
      int maxBatchSpans,
      int writerThreads,
      IngestObserver observer) {
    this.dataSource = dataSource;
    this.capacity = capacitySpans;
    this.maxBatchSpans = maxBatchSpans;
    this.observer = observer;
    this.space = new Semaphore(capacitySpans);
    for (int i = 0; i < writerThreads; i++) {
      Thread t = new Thread(this::writeLoop, "llmcost-ledger-writer-" + i);
      t.setDaemon(true);
      t.start();
      writers.add(t);
    }
  }

  /**
   * Queues rows for commit; the future completes when they are committed, or exceptionally with
   * {@link IngestUnavailableException} (retry later) or another exception (this batch can't be
   * stored).
   *
   * @throws IngestUnavailableException at once when the queue is full or the pipeline closed
   */
  public CompletableFuture<Committed> submit(List<LedgerRow> rows) {
    if (rows.isEmpty()) {
      return CompletableFuture.completedFuture(new Committed(0, 0));
    }
    // A request larger than the whole queue still gets in, alone, when the queue is empty.
    int permits = Math.min(rows.size(), capacity);
    if (!open || !space.tryAcquire(permits)) {
      throw new IngestUnavailableException(
          open
              ? "ingest queue is full (" + capacity + " spans); retry later"
              : "ingester is shutting down; retry",
          null);
    }
    Job job = new Job(List.copyOf(rows), permits, new CompletableFuture<>());
    queue.add(job);
    return job.done();
  }

  /** Spans waiting to be committed. */
  public int queuedSpans() {
    return capacity - space.availablePermits();
  }

  public int capacitySpans() {
    return capacity;
  }

  private void writeLoop() {
    LedgerWriter writer = new LedgerWriter(dataSource);
    while (open || !queue.isEmpty()) {
      Job first;
      try {
        first = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (first == null) {
        continue;
      }
      List<Job> batch = new ArrayList<>();
      batch.add(first);
      int spans = first.rows().size();
      // poll, never peek-then-poll: another writer may take the peeked job in between
      Job next;
      while (spans < maxBatchSpans && (next = queue.poll()) != null) {
        batch.add(next);
        spans += next.rows().size();
      }
      try {
        write(writer, batch);
      } catch (RuntimeException e) {
        // a writer thread must never die: fail this batch's requests and carry on
        LOG.error("ledger writer failed on a batch of {} request(s)", batch.size(), e);
        for (Job job : batch) {
          if (!job.done().isDone()) {
            finish(job).completeExceptionally(e);
          }
        }
      }
    }
  }

  private void write(LedgerWriter writer, List<Job> batch) {
    List<LedgerRow> rows = new ArrayList<>();
    for (Job job : batch) {
      rows.addAll(job.rows());
    }
    long started = System.nanoTime();
    try {
      LedgerWriter.WriteResult result = writer.write(rows);
      Duration latency = Duration.ofNanos(System.nanoTime() - started);
      Set<String> inserted = new HashSet<>();
      for (LedgerRow row : result.inserted()) {
        inserted.add(row.callId());
      }
      try {
        observer.committed(result.inserted(), result.duplicates(), latency);
      } catch (RuntimeException e) {
        // the batch is committed: a metrics failure must not turn the answer into an error
        LOG.warn("recording a committed batch in the metrics failed", e);
      }
      for (Job job : batch) {
        int accepted = 0;
        for (LedgerRow row : job.rows()) {
          if (inserted.remove(row.callId())) {
            accepted++;
          }
        }
        finish(job).complete(new Committed(accepted, job.rows().size() - accepted));
      }
    } catch (SQLException | RuntimeException e) {
      boolean transientFailure = e instanceof SQLException sql && LedgerErrors.isTransient(sql);
      observer.batchFailed(transientFailure);
      if (transientFailure) {
        LOG.warn(
            "ledger unavailable, {} span(s) refused for retry: {}", rows.size(), e.getMessage());
        for (Job job : batch) {
          finish(job)
              .completeExceptionally(
                  new IngestUnavailableException(
                      "ledger database unavailable: " + e.getMessage(), e));
        }
      } else if (batch.size() > 1) {
        // Don't let one request's bad rows fail the others that shared its commit.
        for (Job job : batch) {
          write(writer, List.of(job));
        }
      } else {
        LOG.error("batch of {} span(s) could not be stored", rows.size(), e);
        finish(batch.get(0)).completeExceptionally(e);
      }
    }
  }

  private CompletableFuture<Committed> finish(Job job) {
    space.release(job.permits());
    return job.done();
  }

  /** Stops taking requests, commits what is queued, and stops the writers. */
  @Override
  public void close() throws InterruptedException {
    open = false;
    for (Thread t : writers) {
      t.join(30_000);
    }
  }
}
