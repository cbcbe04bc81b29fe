package io.llmcost.ingest;

/** A request with more spans than the ingester takes at once: 413 / RESOURCE_EXHAUSTED. */
public final class TooManySpansException extends RuntimeException {
  public TooManySpansException(int spans, int limit) {
    super(
        "the request holds "
            + spans
            + " spans, more than the "
            + limit
            + " accepted at once; send smaller batches");
  }
}
