package io.llmcost.cli.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The CRDs and examples packaged in the jar. */
final class Resources {
  private Resources() {}

  static InputStream open(String path) {
    InputStream in = Resources.class.getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException("missing from the jar: " + path);
    }
    return in;
  }

  static String text(String path) {
    try (InputStream in = open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
