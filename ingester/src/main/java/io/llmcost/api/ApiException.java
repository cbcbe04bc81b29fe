package io.llmcost.api;

/** A request the API refuses, naming the parameter at fault (null when it is not one). */
final class ApiException extends RuntimeException {
  final int status;
  final String parameter;

  ApiException(int status, String parameter, String message) {
    super(message);
    this.status = status;
    this.parameter = parameter;
  }
}
