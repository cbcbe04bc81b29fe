package io.llmcost.ingester;

import com.zaxxer.hikari.HikariDataSource;
import io.llmcost.ingest.TestCatalog;
import io.llmcost.ledger.LedgerDatabase;
import io.llmcost.ledger.Migrations;
import io.llmcost.ledger.PriceCatalogStore;
import io.llmcost.ledger.TestDatabase;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.function.UnaryOperator;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * An ingester on any free ports over a fresh embedded PostgreSQL database (migrated, the test
 * catalog applied), with a JDBC handle for assertions.
 */
public final class TestIngester implements AutoCloseable {
  public static final OkHttpClient HTTP = new OkHttpClient();

  public final String dbUrl;
  public final HikariDataSource db;
  public final IngesterServer server;
  private final boolean ownsDb;

  private TestIngester(String dbUrl, HikariDataSource db, IngesterServer server, boolean ownsDb) {
    this.dbUrl = dbUrl;
    this.db = db;
    this.server = server;
    this.ownsDb = ownsDb;
  }

  public static TestIngester start(UnaryOperator<IngesterConfig.Builder> customize)
      throws Exception {
    String url = TestDatabase.freshDatabaseUrl();
    HikariDataSource db = LedgerDatabase.pool(url, null, null, 8);
    Migrations.migrate(db);
    new PriceCatalogStore(db).apply(TestCatalog.catalogs(), "test");
    return new TestIngester(url, db, startServer(db, customize), true);
  }

  /** Another ingester over the same database (a second replica). */
  public TestIngester replica(UnaryOperator<IngesterConfig.Builder> customize) throws Exception {
    return new TestIngester(dbUrl, db, startServer(db, customize), false);
  }

  private static IngesterServer startServer(
      HikariDataSource db, UnaryOperator<IngesterConfig.Builder> customize) throws Exception {
    IngesterConfig config =
        customize.apply(IngesterConfig.builder(0, 0, 0).withBindAddress("127.0.0.1")).build();
    return IngesterServer.start(db, config);
  }

  public String otlpHttpUrl() {
    return "http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces";
  }

  public String grpcEndpoint() {
    return "http://127.0.0.1:" + server.otlpGrpcPort();
  }

  public String api(String pathAndQuery) {
    return "http://127.0.0.1:" + server.httpPort() + pathAndQuery;
  }

  /** GET on the API port; returns status and body. */
  public HttpResult get(String pathAndQuery) throws Exception {
    return get(pathAndQuery, null);
  }

  public HttpResult get(String pathAndQuery, String bearer) throws Exception {
    Request.Builder request = new Request.Builder().url(api(pathAndQuery));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    try (Response response = HTTP.newCall(request.build()).execute()) {
      return new HttpResult(
          response.code(), response.body().string(), response.header("Content-Type"));
    }
  }

  /** POSTs an OTLP export (binary protobuf) to this ingester; close the response. */
  public Response postOtlp(ExportTraceServiceRequest request) throws Exception {
    return postOtlp(otlpHttpUrl(), request);
  }

  /** POSTs an OTLP export (binary protobuf) to a URL; close the response. */
  public static Response postOtlp(String url, ExportTraceServiceRequest request) throws Exception {
    return HTTP.newCall(otlpRequest(url, request)).execute();
  }

  public static Request otlpRequest(String url, ExportTraceServiceRequest request) {
    return new Request.Builder()
        .url(url)
        .post(RequestBody.create(request.toByteArray(), MediaType.get("application/x-protobuf")))
        .build();
  }

  public record HttpResult(int status, String body, String contentType) {}

  /** The first column of the first row, as text (null for SQL NULL or no row). */
  public String query(String sql) throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  public long count(String sql) throws Exception {
    return Long.parseLong(query(sql));
  }

  @Override
  public void close() throws Exception {
    server.close();
    if (ownsDb) {
      db.close();
    }
  }
}
