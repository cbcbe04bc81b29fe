package io.llmcost.cli;

import picocli.CommandLine;

/** The version from the jar manifest (or "development" when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"llm-cost-operator " + (version != null ? version : "development")};
  }
}
