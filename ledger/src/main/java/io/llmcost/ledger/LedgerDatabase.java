package io.llmcost.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Connection pools for the ledger database. */
public final class LedgerDatabase {
  private LedgerDatabase() {}

  /**
   * A pool for a PostgreSQL JDBC URL such as {@code
   * jdbc:postgresql://db:5432/llmcost?user=llmcost&password=…}; user and password may also come
   * separately (null to leave them to the URL).
   */
  public static HikariDataSource pool(String jdbcUrl, String user, String password, int size) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "--db-url must be a PostgreSQL JDBC URL such as jdbc:postgresql://host:5432/llmcost, got "
              + (jdbcUrl == null ? "nothing" : "\"" + redact(jdbcUrl) + "\""));
    }
    HikariConfig config = new HikariConfig();
    // A password in the URL is moved out of it, so no driver or pool message can print it.
    java.util.regex.Matcher inUrl =
        java.util.regex.Pattern.compile("([?&])password=([^&]*)&?").matcher(jdbcUrl);
    String url = jdbcUrl;
    if (inUrl.find()) {
      if (password == null) {
        password =
            java.net.URLDecoder.decode(inUrl.group(2), java.nio.charset.StandardCharsets.UTF_8);
      }
      url =
          (jdbcUrl.substring(0, inUrl.start()) + inUrl.group(1) + jdbcUrl.substring(inUrl.end()))
              .replaceAll("[?&]$", "");
    }
    config.setJdbcUrl(url);
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    // Flyway holds a lock connection beside the one it migrates with.
    config.setMaximumPoolSize(Math.max(2, size));
    config.setPoolName("llmcost-ledger");
    // Fail fast at start when the database is unreachable instead of hanging.
    config.setInitializationFailTimeout(10_000);
    config.setConnectionTimeout(10_000);
    return new HikariDataSource(config);
  }

  /** The URL without its password, for messages and logs. */
  public static String redact(String jdbcUrl) {
    return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
