package io.llmcost.model.budget;

/** Whether threshold actions change routing or only say what they would have done. */
public enum EnforcementMode {
  Enforce,
  DryRun
}
