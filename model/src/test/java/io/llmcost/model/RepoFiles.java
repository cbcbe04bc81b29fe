package io.llmcost.model;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository, from a test running in a module directory. */
public final class RepoFiles {
  private RepoFiles() {}

  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("crds"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("not inside the repository: no crds/ above " + Path.of(""));
    }
    return dir;
  }

  /** Whether generated files should be rewritten instead of checked (-Dllmcost.updateGenerated). */
  public static boolean updateGenerated() {
    return Boolean.getBoolean("llmcost.updateGenerated");
  }
}
