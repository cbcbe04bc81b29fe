package io.llmcost.ingester;

import static io.llmcost.ingest.OtlpSpans.attr;
import static io.llmcost.ingest.OtlpSpans.chat;
import static io.llmcost.ingest.OtlpSpans.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** TLS from certificate files (made by openssl here) on OTLP/gRPC, OTLP/HTTP and the API. */
class TlsIT {

  @Test
  void allThreePortsServeTlsWithTheGivenCertificate() throws Exception {
    Path dir = Files.createTempDirectory("tls");
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString())
            .redirectErrorStream(true)
            .start();
    openssl.getInputStream().readAllBytes();
    assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(openssl.exitValue()).isZero();

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (var in = Files.newInputStream(cert)) {
      trust.setCertificateEntry(
          "ingester", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);
    OkHttpClient https =
        new OkHttpClient.Builder()
            .sslSocketFactory(
                client.getSocketFactory(), (X509TrustManager) tmf.getTrustManagers()[0])
            .build();

    try (TestIngester ingester = TestIngester.start(c -> c.withTls(cert, key))) {
      ExportTraceServiceRequest body =
          request(List.of(attr("k8s.namespace.name", "tls")), chat(Instant.now(), "gpt-4o", 1, 1));
      try (Response r =
          https
              .newCall(
                  new Request.Builder()
                      .url("https://127.0.0.1:" + ingester.server.otlpHttpPort() + "/v1/traces")
                      .post(
                          RequestBody.create(
                              body.toByteArray(), MediaType.get("application/x-protobuf")))
                      .build())
              .execute()) {
        assertThat(r.code()).isEqualTo(200);
      }
      try (Response r =
          https
              .newCall(
                  new Request.Builder()
                      .url("https://127.0.0.1:" + ingester.server.httpPort() + "/ready")
                      .build())
              .execute()) {
        assertThat(r.code()).isEqualTo(200);
      }
      // plaintext is refused
      assertThatThrownBy(
              () ->
                  TestIngester.HTTP
                      .newCall(
                          new Request.Builder()
                              .url("http://127.0.0.1:" + ingester.server.httpPort() + "/live")
                              .build())
                      .execute()
                      .close())
          .isInstanceOf(java.io.IOException.class);
      // and a client that does not trust the certificate is refused
      assertThatThrownBy(
              () ->
                  TestIngester.HTTP
                      .newCall(
                          new Request.Builder()
                              .url("https://127.0.0.1:" + ingester.server.httpPort() + "/live")
                              .build())
                      .execute()
                      .close())
          .isInstanceOf(javax.net.ssl.SSLException.class);
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", ingester.server.otlpGrpcPort())
              .sslContext(GrpcSslContexts.forClient().trustManager(cert.toFile()).build())
              .build();
      try {
        TraceServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .export(
                request(
                    List.of(attr("k8s.namespace.name", "tls")),
                    chat(Instant.now(), "gpt-4o", 1, 1)));
      } finally {
        channel.shutdownNow();
      }
      assertThat(ingester.count("SELECT count(*) FROM llm_calls WHERE namespace = 'tls'"))
          .isEqualTo(2);
    }
  }
}
