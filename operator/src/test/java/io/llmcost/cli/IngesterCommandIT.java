package io.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.zaxxer.hikari.HikariDataSource;
import io.llmcost.ledger.LedgerDatabase;
import io.llmcost.ledger.TestDatabase;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar's {@code ingester} command as a real process, configured from the environment:
 * it migrates, serves, stores what it acknowledged and stops cleanly on SIGTERM.
 */
class IngesterCommandIT {
  private static final Pattern READY =
      Pattern.compile("ingester ready: OTLP/gRPC :(\\d+), OTLP/HTTP :(\\d+), API :(\\d+)");

  @Test
  void theJarRunsAnIngesterFromEnvironmentSettings() throws Exception {
    String url = TestDatabase.freshDatabaseUrl();
    Path jar = Paths.repo().resolve("operator/target/llm-cost-operator.jar");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "ingester",
                "--retention",
                "400d")
            .redirectErrorStream(true);
    builder.environment().put("LLMCOST_DB_URL", url);
    builder.environment().put("LLMCOST_OTLP_GRPC_PORT", "0");
    builder.environment().put("LLMCOST_OTLP_HTTP_PORT", "0");
    builder.environment().put("LLMCOST_HTTP_PORT", "0");
    builder.environment().put("LLMCOST_BIND_ADDRESS", "127.0.0.1");
    Process process = builder.start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      Matcher ready = null;
      StringBuilder log = new StringBuilder();
      for (String line; (line = out.readLine()) != null; ) {
        log.append(line).append('\n');
        Matcher m = READY.matcher(line);
        if (m.find()) {
          ready = m;
          break;
        }
      }
      assertThat(ready).as(log.toString()).isNotNull();
      int httpPort = Integer.parseInt(ready.group(2));
      int apiPort = Integer.parseInt(ready.group(3));
      HttpClient http = HttpClient.newHttpClient();
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/ready"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);

      long start = Instant.now().getEpochSecond() * 1_000_000_000L;
      ExportTraceServiceRequest export =
          ExportTraceServiceRequest.newBuilder()
              .addResourceSpans(
                  ResourceSpans.newBuilder()
                      .addScopeSpans(
                          ScopeSpans.newBuilder()
                              .addSpans(
                                  Span.newBuilder()
                                      .setTraceId(
                                          ByteString.copyFrom(
                                              new byte[] {
                                                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
                                                16
                                              }))
                                      .setSpanId(
                                          ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
                                      .setStartTimeUnixNano(start)
                                      .setEndTimeUnixNano(start + 1_000_000)
                                      .addAttributes(
                                          KeyValue.newBuilder()
                                              .setKey("gen_ai.request.model")
                                              .setValue(
                                                  AnyValue.newBuilder()
                                                      .setStringValue("some-model"))))))
              .build();
      HttpResponse<String> accepted =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/v1/traces"))
                  .header("Content-Type", "application/x-protobuf")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(export.toByteArray()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(accepted.statusCode()).isEqualTo(200);

      process.destroy(); // SIGTERM: drain and stop
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      try (HikariDataSource db = LedgerDatabase.pool(url, null, null, 2);
          Connection c = db.getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT model || ' ' || unpriced FROM llm_calls")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("some-model true");
      }
    } finally {
      process.destroyForcibly();
    }
  }
}
