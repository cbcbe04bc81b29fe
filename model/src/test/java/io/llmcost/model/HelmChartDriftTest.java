package io.llmcost.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The chart carries copies of crds/ and dashboards/; they must be identical to the sources. */
class HelmChartDriftTest {
  private static void assertSameFiles(String source, String copy) throws Exception {
    Path from = RepoFiles.root().resolve(source);
    Path to = RepoFiles.root().resolve(copy);
    List<String> names;
    try (Stream<Path> files = Files.list(from)) {
      names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> !n.equals("README.md"))
              .sorted()
              .toList();
    }
    if (RepoFiles.updateGenerated()) {
      Files.createDirectories(to);
      for (String name : names) {
        Files.copy(
            from.resolve(name),
            to.resolve(name),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    try (Stream<Path> files = Files.list(to)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .as("files in %s (copy them from %s)", copy, source)
          .isEqualTo(names);
    }
    for (String name : names) {
      assertThat(Files.readString(to.resolve(name)))
          .as("%s/%s is a copy of %s/%s", copy, name, source, name)
          .isEqualTo(Files.readString(from.resolve(name)));
    }
  }

  @Test
  void chartCrdsAreTheGeneratedOnes() throws Exception {
    assertSameFiles("crds", "helm/llm-cost-operator/crds");
  }

  @Test
  void chartDashboardsAreTheOnesInDashboards() throws Exception {
    assertSameFiles("dashboards", "helm/llm-cost-operator/dashboards");
  }

  @Test
  void chartRulesAreTheOnesInAlerts() throws Exception {
    Path source = RepoFiles.root().resolve("alerts/llm-cost-rules.yaml");
    Path copy = RepoFiles.root().resolve("helm/llm-cost-operator/rules/llm-cost-rules.yaml");
    if (RepoFiles.updateGenerated()) {
      Files.copy(source, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    assertThat(Files.readString(copy)).isEqualTo(Files.readString(source));
  }
}
