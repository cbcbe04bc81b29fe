package io.llmcost.reconcilers.stack;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.llmcost.budget.Conditions;
import io.llmcost.model.stack.LlmCostStack;
import io.llmcost.model.stack.LlmCostStackStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * LlmCostStack: the pipeline in its namespace, one dependent resource per owned object. The
 * ingester waits for its database and token; the collector for the ingester. Ready when both
 * Deployments have all replicas available.
 */
@ControllerConfiguration(name = "llmcoststack")
@Workflow(
    dependents = {
      @Dependent(
          name = "ingest-token",
          type = IngestTokenSecretDependent.class,
          activationCondition = StackConditions.GeneratedToken.class),
      @Dependent(
          name = "postgres-secret",
          type = PostgresSecretDependent.class,
          activationCondition = StackConditions.ManagedDatabase.class),
      @Dependent(
          name = "postgres-service",
          type = PostgresServiceDependent.class,
          activationCondition = StackConditions.ManagedDatabase.class),
      @Dependent(
          name = "postgres",
          type = PostgresStatefulSetDependent.class,
          dependsOn = "postgres-secret",
          activationCondition = StackConditions.ManagedDatabase.class),
      @Dependent(
          name = "ingester",
          type = IngesterDeploymentDependent.class,
          readyPostcondition = StackConditions.DeploymentAvailable.class),
      @Dependent(name = "ingester-service", type = IngesterServiceDependent.class),
      @Dependent(name = "collector-config", type = CollectorConfigDependent.class),
      @Dependent(name = "collector-account", type = CollectorServiceAccountDependent.class),
      @Dependent(
          name = "collector",
          type = CollectorDeploymentDependent.class,
          dependsOn = {"collector-config", "collector-account", "ingester"},
          readyPostcondition = StackConditions.DeploymentAvailable.class),
      @Dependent(name = "collector-service", type = CollectorServiceDependent.class)
    })
public class LlmCostStackReconciler implements Reconciler<LlmCostStack> {
  private final Clock clock;

  public LlmCostStackReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpdateControl<LlmCostStack> reconcile(LlmCostStack stack, Context<LlmCostStack> context) {
    WorkflowReconcileResult result =
        context
            .managedWorkflowAndDependentResourceContext()
            .getWorkflowReconcileResult()
            .orElse(WorkflowReconcileResult.EMPTY);
    boolean ready = result.allDependentResourcesReady();
    String ns = stack.getMetadata().getNamespace();
    LlmCostStackStatus status = new LlmCostStackStatus();
    status.setObservedGeneration(stack.getMetadata().getGeneration());
    status.setOtlpEndpoint(StackResources.collectorName(stack) + "." + ns + ".svc:4317");
    status.setApiEndpoint("http://" + StackResources.ingesterName(stack) + "." + ns + ".svc:8080");
    var old = stack.getStatus() == null ? null : stack.getStatus().getConditions();
    status.setConditions(
        List.of(
            ready
                ? Conditions.of(
                    old,
                    Conditions.READY,
                    true,
                    "Available",
                    "Collector and ingester have all replicas available",
                    stack.getMetadata().getGeneration(),
                    clock.instant())
                : Conditions.of(
                    old,
                    Conditions.READY,
                    false,
                    "Progressing",
                    "Waiting for: " + notReady(result),
                    stack.getMetadata().getGeneration(),
                    clock.instant())));
    if (io.llmcost.reconcilers.StatusComparison.same(status, stack.getStatus())) {
      return UpdateControl.<LlmCostStack>noUpdate()
          .rescheduleAfter(Duration.ofSeconds(ready ? 60 : 10));
    }
    LlmCostStack patch = new LlmCostStack();
    patch.setMetadata(
        new ObjectMetaBuilder().withName(stack.getMetadata().getName()).withNamespace(ns).build());
    patch.setStatus(status);
    return UpdateControl.patchStatus(patch).rescheduleAfter(Duration.ofSeconds(ready ? 60 : 10));
  }

  private static String notReady(WorkflowReconcileResult result) {
    String names =
        result.getNotReadyDependents().stream()
            .map(
                d ->
                    d.getClass()
                        .getSimpleName()
                        .replace("DependentResource", "")
                        .replace("Dependent", ""))
            .collect(Collectors.joining(", "));
    return names.isEmpty() ? "the first reconcile" : names;
  }
}
