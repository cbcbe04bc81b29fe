package io.llmcost.cli;

import java.nio.file.Path;

/** Where tests find the repository and ../shared (set by the build, with sensible defaults). */
final class Paths {
  private Paths() {}

  static Path repo() {
    return Path.of(System.getProperty("llmcost.repoDir", "..")).toAbsolutePath().normalize();
  }

  static Path liteLlmPriceMap() {
    return Path.of(System.getProperty("llmcost.sharedDir", "../../shared"))
        .resolve("data/litellm-model-prices.json")
        .toAbsolutePath()
        .normalize();
  }
}
