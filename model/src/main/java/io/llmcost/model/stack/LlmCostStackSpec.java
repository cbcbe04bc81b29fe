package io.llmcost.model.stack;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The pipeline to run in this namespace; every section is optional and has defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"collector", "ingester", "database"})
public class LlmCostStackSpec {
  private CollectorSpec collector;
  private IngesterSpec ingester;
  private DatabaseSpec database;

  public CollectorSpec getCollector() {
    return collector;
  }

  public void setCollector(CollectorSpec collector) {
    this.collector = collector;
  }

  public IngesterSpec getIngester() {
    return ingester;
  }

  public void setIngester(IngesterSpec ingester) {
    this.ingester = ingester;
  }

  public DatabaseSpec getDatabase() {
    return database;
  }

  public void setDatabase(DatabaseSpec database) {
    this.database = database;
  }
}
