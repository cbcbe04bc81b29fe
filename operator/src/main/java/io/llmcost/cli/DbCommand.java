package io.llmcost.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.llmcost.ledger.Migrations;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code db migrate}. */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = "Manage the ledger database.",
    subcommands = {DbCommand.Migrate.class})
final class DbCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a db command");
  }

  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      description = "Apply the schema migrations (sql/) to the database; safe to run again.")
  static final class Migrate implements Callable<Integer> {
    @Mixin DatabaseOptions database = new DatabaseOptions();

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try (HikariDataSource ds = database.open(2)) {
        Migrations.Report report = Migrations.migrate(ds);
        spec.commandLine()
            .getOut()
            .printf(
                "schema at version %s (%d migration%s applied)%n",
                report.schemaVersion(), report.applied(), report.applied() == 1 ? "" : "s");
      }
      return 0;
    }
  }
}
