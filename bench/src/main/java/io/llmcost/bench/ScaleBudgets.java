package io.llmcost.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The scale benchmark's 10,000 LlmBudgets over the {@link ScaleDataset}: per namespace,
 * application, user, model, provider, user × model, application × provider and groups of
 * applications, plus platform budgets over several or all namespaces; daily to yearly periods in
 * eight timezones (including +05:30 and +05:45); limits spread so that some budgets cross their
 * thresholds.
 */
final class ScaleBudgets {
  static final String PLATFORM_NAMESPACE = "llm-cost-system";
  static final String[] ZONES = {
    "UTC",
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Adelaide",
    "America/Los_Angeles",
    "Asia/Tokyo"
  };

  /** One budget: where it lives, and its spec's selector and period as YAML. */
  record Budget(String namespace, String name, String period, String zone, String selectorYaml) {
    String yaml(String limit) {
      return """
          apiVersion: llmcost.io/v1alpha1
          kind: LlmBudget
          metadata: {name: %s, namespace: %s}
          spec:
            limit: "%s"
            period: %s
            timezone: %s
            selector: %s
            thresholds: [{percent: 80, action: Notify}, {percent: 100, action: Notify}]
          """
          .formatted(name, namespace, limit, period, zone, selectorYaml);
    }
  }

  private ScaleBudgets() {}

  static List<Budget> generate(int count) {
    SplittableRandom r = new SplittableRandom(42);
    List<Budget> out = new ArrayList<>();
    int apps = ScaleDataset.NAMESPACES * ScaleDataset.APPS_PER_NAMESPACE;
    for (int n = 0; n < ScaleDataset.NAMESPACES; n++) {
      add(out, ScaleDataset.namespace(n), "namespace", "Monthly", "{}");
    }
    for (int a = 0; a < apps; a++) {
      add(
          out,
          ScaleDataset.namespace(a),
          "app-" + a,
          a % 2 == 0 ? "Weekly" : "Monthly",
          "{applications: [%s]}".formatted(ScaleDataset.application(a)));
    }
    String[] periods = {"Daily", "Weekly", "Monthly"};
    for (int a = 0; a < apps; a++) {
      for (int u = 0; u < ScaleDataset.USERS_PER_APP; u++) {
        add(
            out,
            ScaleDataset.namespace(a),
            "user-%d-%d".formatted(a, u),
            periods[(a + u) % 3],
            "{users: [%s]}".formatted(ScaleDataset.user(a, u)));
      }
    }
    for (int n = 0; n < ScaleDataset.NAMESPACES; n++) {
      for (int m = 0; m < ScaleDataset.MODELS.length; m++) {
        String model = ScaleDataset.MODELS[m][1];
        add(
            out,
            ScaleDataset.namespace(n),
            "model-" + m,
            "Monthly",
            "{models: [\"%s\"]}".formatted(m % 3 == 0 ? model.substring(0, 5) + "*" : model));
      }
      for (String provider : new String[] {"openai", "anthropic", "gemini", "mistral"}) {
        add(
            out,
            ScaleDataset.namespace(n),
            "provider-" + provider,
            "Monthly",
            "{providers: [%s]}".formatted(provider));
      }
    }
    for (int i = 0; i < 2000; i++) {
      int a = r.nextInt(apps);
      int u = r.nextInt(ScaleDataset.USERS_PER_APP);
      add(
          out,
          ScaleDataset.namespace(a),
          "user-model-" + i,
          periods[i % 3],
          "{users: [%s], models: [%s]}"
              .formatted(
                  ScaleDataset.user(a, u), ScaleDataset.MODELS[ScaleDataset.modelOf(a, i % 3)][1]));
    }
    for (int i = 0; i < 2000; i++) {
      int a = r.nextInt(apps);
      add(
          out,
          ScaleDataset.namespace(a),
          "app-provider-" + i,
          i % 2 == 0 ? "Weekly" : "Monthly",
          "{applications: [%s], providers: [%s]}"
              .formatted(ScaleDataset.application(a), ScaleDataset.MODELS[i % 8][0]));
    }
    for (int i = 0; out.size() < Math.max(count, 10_000) - 80; i++) {
      int a = r.nextInt(apps);
      add(
          out,
          ScaleDataset.namespace(a),
          "app-group-" + i,
          "Quarterly",
          "{applications: [%s, %s]}"
              .formatted(
                  ScaleDataset.application(a),
                  ScaleDataset.application((a + ScaleDataset.NAMESPACES) % apps)));
    }
    String[] platformPeriods = {"Monthly", "Quarterly", "Yearly", "Daily"};
    for (int i = 0; out.size() < Math.max(count, 10_000); i++) {
      StringBuilder namespaces = new StringBuilder();
      int k = i % 10 == 0 ? 0 : 2 + r.nextInt(4);
      for (int j = 0; j < k; j++) {
        namespaces
            .append(j == 0 ? "" : ", ")
            .append(ScaleDataset.namespace(r.nextInt(ScaleDataset.NAMESPACES)));
      }
      add(
          out,
          PLATFORM_NAMESPACE,
          "platform-" + i,
          platformPeriods[i % 4],
          k == 0 ? "{}" : "{namespaces: [%s]}".formatted(namespaces));
    }
    // Fewer budgets (a quick run): an even sample of every kind.
    List<Budget> sample = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sample.add(out.get((int) ((long) i * out.size() / count)));
    }
    return sample;
  }

  private static void add(List<Budget> out, String ns, String name, String period, String sel) {
    out.add(new Budget(ns, name, period, ZONES[out.size() % ZONES.length], sel));
  }

  /** A limit between $10 and $100,000, log-uniform, the same for a budget on every run. */
  static String limit(Budget b) {
    SplittableRandom r = new SplittableRandom((b.namespace() + "/" + b.name()).hashCode());
    return String.format(java.util.Locale.ROOT, "%.2f", Math.pow(10, 1 + 4 * r.nextDouble()));
  }
}
