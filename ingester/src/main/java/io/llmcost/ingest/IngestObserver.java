package io.llmcost.ingest;

import io.llmcost.ledger.LedgerRow;
import java.time.Duration;
import java.util.List;

/** What the ingest path reports as it works; the metrics registry listens. */
public interface IngestObserver {
  /** Spans of one request by outcome, counted when the request is answered. */
  void spans(int ignored, int rejected);

  /** A batch committed: the new rows (replays excluded) and how many were duplicates. */
  void committed(List<LedgerRow> inserted, int duplicates, Duration commitLatency);

  /** A batch failed to commit. */
  void batchFailed(boolean transientFailure);

  /** A request was answered; protocol grpc or http, outcome ok, invalid, unavailable… */
  void request(String protocol, String outcome);

  IngestObserver NONE =
      new IngestObserver() {
        @Override
        public void spans(int ignored, int rejected) {}

        @Override
        public void committed(List<LedgerRow> inserted, int duplicates, Duration commitLatency) {}

        @Override
        public void batchFailed(boolean transientFailure) {}

        @Override
        public void request(String protocol, String outcome) {}
      };
}
