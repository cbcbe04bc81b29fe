package io.llmcost.ingest;

/** The request body can't be read as an OTLP export: answered 400 / INVALID_ARGUMENT. */
public final class MalformedRequestException extends RuntimeException {
  public MalformedRequestException(String message) {
    super(message);
  }
}
