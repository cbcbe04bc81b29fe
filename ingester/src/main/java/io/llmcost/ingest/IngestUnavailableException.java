package io.llmcost.ingest;

/**
 * Nothing of the request was stored and a retry later may succeed (database down, queue full):
 * answered 503 / UNAVAILABLE with Retry-After.
 */
public final class IngestUnavailableException extends RuntimeException {
  public IngestUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
