package io.llmcost.model.stack;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;
import io.llmcost.model.common.SecretKeyReference;

/**
 * Where the ledger lives: an external PostgreSQL (a Secret key holding its JDBC URL), or, when that
 * is omitted, a single-instance PostgreSQL managed by the operator.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.externalSecretRef) && has(self.managed))",
    message =
        "database: set either externalSecretRef (a Secret key holding the JDBC URL) or managed (an"
            + " in-cluster PostgreSQL), not both")
public class DatabaseSpec {
  private SecretKeyReference externalSecretRef;
  private ManagedPostgresSpec managed;

  public SecretKeyReference getExternalSecretRef() {
    return externalSecretRef;
  }

  public void setExternalSecretRef(SecretKeyReference externalSecretRef) {
    this.externalSecretRef = externalSecretRef;
  }

  public ManagedPostgresSpec getManaged() {
    return managed;
  }

  public void setManaged(ManagedPostgresSpec managed) {
    this.managed = managed;
  }
}
