package io.llmcost.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.llmcost.ledger.LedgerDatabase;
import picocli.CommandLine.Option;

/** The ledger database flags shared by every command that needs PostgreSQL. */
final class DatabaseOptions {
  @Option(
      names = "--db-url",
      required = true,
      defaultValue = "${env:LLMCOST_DB_URL}",
      description =
          "PostgreSQL JDBC URL, e.g. jdbc:postgresql://db:5432/llmcost (env LLMCOST_DB_URL)")
  String url;

  @Option(
      names = "--db-user",
      defaultValue = "${env:LLMCOST_DB_USER}",
      description = "database user, if not in the URL (env LLMCOST_DB_USER)")
  String user;

  @Option(
      names = "--db-password-file",
      description = "file holding the database password (or env LLMCOST_DB_PASSWORD)")
  java.nio.file.Path passwordFile;

  HikariDataSource open(int poolSize) throws java.io.IOException {
    return LedgerDatabase.pool(url, user, password(), poolSize);
  }

  /** The password from --db-password-file or LLMCOST_DB_PASSWORD, or null. */
  String password() throws java.io.IOException {
    if (passwordFile != null) {
      return java.nio.file.Files.readString(passwordFile).strip();
    }
    return System.getenv("LLMCOST_DB_PASSWORD");
  }
}
