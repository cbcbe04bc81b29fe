package io.llmcost.model.stack;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;

/** A single-instance PostgreSQL the operator runs as a StatefulSet. Not highly available. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ManagedPostgresSpec {
  /** PostgreSQL image; the operator's default when omitted. */
  private String image;

  /** Size of the data volume, such as "10Gi". */
  @Pattern("^[0-9]+(Ki|Mi|Gi|Ti)$")
  private String storage;

  /** StorageClass of the data volume; the cluster default when omitted. */
  private String storageClassName;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getStorage() {
    return storage;
  }

  public void setStorage(String storage) {
    this.storage = storage;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }
}
