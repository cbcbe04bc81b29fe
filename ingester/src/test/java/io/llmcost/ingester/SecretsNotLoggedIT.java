package io.llmcost.ingester;

import static io.llmcost.ingest.OtlpSpans.attr;
import static io.llmcost.ingest.OtlpSpans.chat;
import static io.llmcost.ingest.OtlpSpans.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.llmcost.ingest.TestCatalog;
import io.llmcost.ledger.LedgerDatabase;
import io.llmcost.ledger.Migrations;
import io.llmcost.ledger.PriceCatalogStore;
import io.llmcost.ledger.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The database password and the ingest token never reach the logs, whatever happens. */
class SecretsNotLoggedIT {
  private static final String PASSWORD = "pw-SECRET-987";
  private static final String TOKEN = "tok-SECRET-123";

  @Test
  void logsCarryNoSecrets() throws Exception {
    String url = TestDatabase.freshDatabaseUrl();
    String database = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
    try (HikariDataSource admin = LedgerDatabase.pool(url, null, null, 2);
        Connection c = admin.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE llmcost_app LOGIN PASSWORD '" + PASSWORD + "'");
      s.execute("GRANT ALL ON DATABASE " + database + " TO llmcost_app");
      s.execute("ALTER DATABASE " + database + " OWNER TO llmcost_app");
    }
    String appUrl =
        url.replaceAll("user=[^&]*", "user=llmcost_app")
            .replaceAll("password=[^&]*", "password=" + PASSWORD);

    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (HikariDataSource db = LedgerDatabase.pool(appUrl, null, null, 4)) {
      Migrations.migrate(db);
      new PriceCatalogStore(db).apply(TestCatalog.catalogs(), "test");
      try (IngesterServer server =
          IngesterServer.start(
              db,
              IngesterConfig.builder(0, 0, 0)
                  .withBindAddress("127.0.0.1")
                  .withAuthToken(TOKEN, false)
                  .build())) {
        String otlp = "http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces";
        var body =
            request(List.of(attr("k8s.namespace.name", "n")), chat(Instant.now(), "gpt-4o", 1, 1));
        try (Response r =
            TestIngester.HTTP
                .newCall(
                    TestIngester.otlpRequest(otlp, body)
                        .newBuilder()
                        .header("Authorization", "Bearer wrong-" + TOKEN)
                        .build())
                .execute()) {
          assertThat(r.code()).isEqualTo(401);
        }
        try (Response r =
            TestIngester.HTTP
                .newCall(
                    TestIngester.otlpRequest(otlp, body)
                        .newBuilder()
                        .header("Authorization", "Bearer " + TOKEN)
                        .build())
                .execute()) {
          assertThat(r.code()).isEqualTo(200);
        }
        try (Response r =
            TestIngester.HTTP
                .newCall(
                    new Request.Builder()
                        .url(
                            "http://127.0.0.1:"
                                + server.httpPort()
                                + "/api/v1/costs/summary?from=bad")
                        .build())
                .execute()) {
          assertThat(r.code()).isEqualTo(401);
        }
      }
      // a failure that names the database
      try {
        LedgerDatabase.pool(
                appUrl.replace("jdbc:postgresql://", "jdbc:postgresql://127.0.0.1:1/"),
                null,
                null,
                1)
            .close();
      } catch (RuntimeException expected) {
        System.err.println("failed as expected: " + expected.getMessage());
      }
    } finally {
      System.setErr(original);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("ingester listening"); // the logs were captured
    assertThat(logs).doesNotContain(PASSWORD).doesNotContain(TOKEN);
  }
}
