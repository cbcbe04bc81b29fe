package io.llmcost.reconcilers;

import java.time.Clock;
import java.time.Duration;

/**
 * How an operator runs.
 *
 * @param operatorNamespace budgets here may select any namespaces (platform budgets)
 * @param httpPort /metrics, /healthz, /readyz and the block endpoint (0: any free port)
 * @param blockEndpoint base URL routers reach the block endpoint at, e.g.
 *     http://llm-cost-operator.llm-cost-system:8081/block
 * @param costApi base URL of the ingester's cost API for links in notifications, or null
 * @param useServerSideApply false only for API servers without SSA (the in-process mock)
 * @param leaderElection how to elect a leader through a Lease (several replicas), or null for none
 */
public record OperatorSettings(
    String operatorNamespace,
    int httpPort,
    String blockEndpoint,
    String costApi,
    Duration resync,
    boolean useServerSideApply,
    LeaderElection leaderElection,
    int notificationAttempts,
    Duration notificationBackoff,
    Clock clock) {

  /**
   * Leader election through the Lease {@code llm-cost-operator} in the operator namespace.
   *
   * @param identity this replica's name in the Lease (default: the pod's hostname)
   * @param exitOnLostLeadership exit the process when leadership is lost, so the pod restarts clean
   */
  public record LeaderElection(
      String identity,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod,
      boolean exitOnLostLeadership) {
    /** Kubernetes' usual timings (15 s lease, 10 s renew deadline, 2 s retry); exits when lost. */
    public static LeaderElection standard() {
      return new LeaderElection(
          null, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), true);
    }
  }
}
