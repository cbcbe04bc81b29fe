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
 * @param leaderElection whether to elect a leader through a Lease (several replicas)
 */
public record OperatorSettings(
    String operatorNamespace,
    int httpPort,
    String blockEndpoint,
    String costApi,
    Duration resync,
    boolean useServerSideApply,
    boolean leaderElection,
    int notificationAttempts,
    Duration notificationBackoff,
    Clock clock) {}
