package io.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.zaxxer.hikari.HikariDataSource;
import io.llmcost.ledger.LedgerDatabase;
import io.llmcost.ledger.TestDatabase;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged ingester killed with SIGKILL under load, then restarted: every acknowledged span is
 * in the ledger, and replaying every batch afterwards (twice) changes no total.
 */
class IngesterKillIT {
  private static final Pattern READY = Pattern.compile("OTLP/HTTP :(\\d+)");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Process start(String url) throws Exception {
    ProcessBuilder b =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Paths.repo().resolve("operator/target/llm-cost-operator.jar").toString(),
                "ingester")
            .redirectErrorStream(true);
    b.environment().put("LLMCOST_DB_URL", url);
    b.environment().put("LLMCOST_OTLP_GRPC_PORT", "0");
    b.environment().put("LLMCOST_OTLP_HTTP_PORT", "0");
    b.environment().put("LLMCOST_HTTP_PORT", "0");
    b.environment().put("LLMCOST_BIND_ADDRESS", "127.0.0.1");
    return b.start();
  }

  private static int httpPort(Process p) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      Matcher m = READY.matcher(line);
      if (m.find()) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    out.transferTo(java.io.Writer.nullWriter());
                  } catch (Exception ignored) {
                    // the process went away
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(m.group(1));
      }
    }
    throw new IllegalStateException("the ingester never became ready");
  }

  private static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  private static KeyValue kv(String k, long v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(v)).build();
  }

  private static byte[] batch(Random random, List<String> ids) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    long start = System.currentTimeMillis() * 1_000_000L;
    for (int i = 0; i < 50; i++) {
      byte[] trace = new byte[16];
      byte[] span = new byte[8];
      random.nextBytes(trace);
      random.nextBytes(span);
      trace[0] |= 1;
      span[0] |= 1;
      ids.add(HexFormat.of().formatHex(span));
      scope.addSpans(
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(trace))
              .setSpanId(ByteString.copyFrom(span))
              .setStartTimeUnixNano(start)
              .setEndTimeUnixNano(start + 1_000_000)
              .addAttributes(kv("gen_ai.request.model", "some-model"))
              .addAttributes(kv("gen_ai.usage.input_tokens", 100 + random.nextInt(100))));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder().addAttributes(kv("k8s.namespace.name", "killed")))
                .addScopeSpans(scope))
        .build()
        .toByteArray();
  }

  private static int post(int port, byte[] body) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
                  .header("Content-Type", "application/x-protobuf")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1; // the process was killed mid-request
    }
  }

  private static String totals(String url) throws Exception {
    try (HikariDataSource db = LedgerDatabase.pool(url, null, null, 2);
        Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) || ' ' || count(DISTINCT span_id) || ' ' || sum(input_tokens)"
                    + " || ' ' || (SELECT sum(requests) FROM llm_cost_rollup_15m) FROM llm_calls")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void sigkillLosesNothingAcknowledgedAndReplaysChangeNothing() throws Exception {
    String url = TestDatabase.freshDatabaseUrl();
    Process first = start(url);
    int port = httpPort(first);
    List<byte[]> sent = new CopyOnWriteArrayList<>();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Random random = new Random(t);
      Thread sender =
          new Thread(
              () -> {
                while (running.get()) {
                  List<String> ids = new ArrayList<>();
                  byte[] body = batch(random, ids);
                  sent.add(body);
                  if (post(port, body) == 200) {
                    acknowledged.addAll(ids);
                  }
                }
              });
      sender.start();
      senders.add(sender);
    }
    Thread.sleep(2500);
    first.destroyForcibly(); // SIGKILL
    first.waitFor(10, TimeUnit.SECONDS);
    running.set(false);
    for (Thread s : senders) {
      s.join(30_000);
    }

    Process second = start(url);
    try {
      int again = httpPort(second);
      try (HikariDataSource db = LedgerDatabase.pool(url, null, null, 2);
          Connection c = db.getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT encode(span_id, 'hex') FROM llm_calls")) {
        Set<String> stored = new java.util.HashSet<>();
        while (rs.next()) {
          stored.add(rs.getString(1));
        }
        assertThat(acknowledged).hasSizeGreaterThan(100);
        assertThat(stored).as("every acknowledged span survived SIGKILL").containsAll(acknowledged);
      }
      for (byte[] body : sent) {
        assertThat(post(again, body)).isEqualTo(200);
      }
      String afterReplay = totals(url);
      for (byte[] body : sent) {
        assertThat(post(again, body)).isEqualTo(200);
      }
      assertThat(totals(url)).as("a second replay changes no total").isEqualTo(afterReplay);
      String[] t = afterReplay.split(" ");
      assertThat(t[0])
          .as("one row per distinct span")
          .isEqualTo(t[1])
          .isEqualTo(String.valueOf(sent.size() * 50));
      assertThat(t[3]).as("rollups agree").isEqualTo(t[0]);
      System.out.printf(
          "SIGKILL: %d batches sent, %d spans acknowledged before the kill%n",
          sent.size(), acknowledged.size());
    } finally {
      second.destroy();
      second.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
