package io.llmcost.ledger;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the schema in {@code sql/} (packaged as {@code db/migration}) with Flyway. */
public final class Migrations {
  /**
   * The outcome of a migration run.
   *
   * @param applied migrations applied by this run (0 when the schema was already current)
   * @param schemaVersion the schema version after the run
   */
  public record Report(int applied, String schemaVersion) {}

  private Migrations() {}

  public static Report migrate(DataSource dataSource) {
    Flyway flyway = flyway(dataSource);
    MigrateResult result = flyway.migrate();
    return new Report(result.migrationsExecuted, flyway.info().current().getVersion().getVersion());
  }

  /** Whether every migration this build ships has been applied. */
  public static boolean isCurrent(DataSource dataSource) {
    return flyway(dataSource).info().pending().length == 0;
  }

  /** The applied schema version, or null on an empty database. */
  public static String currentVersion(DataSource dataSource) {
    var current = flyway(dataSource).info().current();
    return current == null ? null : current.getVersion().getVersion();
  }

  private static Flyway flyway(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .table("llmcost_schema_history")
        .validateMigrationNaming(true)
        .load();
  }
}
