package io.llmcost.cli.demo;

import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for Slack and a webhook endpoint: keeps what the operator sends. */
final class NotificationReceiver implements AutoCloseable {
  record Received(String path, String signature, String body) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Undertow server;

  NotificationReceiver() {
    server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setHandler(
                exchange ->
                    exchange
                        .getRequestReceiver()
                        .receiveFullString(
                            (ex, body) -> {
                              received.add(
                                  new Received(
                                      ex.getRequestPath(),
                                      ex.getRequestHeaders().getFirst("X-Signature"),
                                      body));
                              ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                              ex.getResponseSender().send("ok");
                            },
                            StandardCharsets.UTF_8))
            .build();
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:"
        + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort()
        + path;
  }

  List<Received> received() {
    return received;
  }

  @Override
  public void close() {
    server.stop();
  }
}
