package io.llmcost.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for {@link CommitSignals} on a dedicated connection (LISTEN does not mix with pooled
 * connections) and hands each signal to a consumer on its own thread; reconnects after a failure.
 */
public final class CommitSignalListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CommitSignalListener.class);
  private static final int POLL_MILLIS = 250;

  private final String jdbcUrl;
  private final Properties credentials;
  private final Consumer<CommitSignals.Signal> consumer;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean listening;

  public CommitSignalListener(
      String jdbcUrl, String user, String password, Consumer<CommitSignals.Signal> consumer) {
    this.jdbcUrl = jdbcUrl;
    this.credentials = new Properties();
    if (user != null) {
      credentials.setProperty("user", user);
    }
    if (password != null) {
      credentials.setProperty("password", password);
    }
    this.consumer = consumer;
    this.thread = new Thread(this::run, "llmcost-commit-listener");
    thread.setDaemon(true);
    thread.start();
  }

  /** Whether the LISTEN is in place (signals committed from now on will arrive). */
  public boolean isListening() {
    return listening;
  }

  private void run() {
    while (running) {
      try (Connection c = DriverManager.getConnection(jdbcUrl, credentials)) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CommitSignals.CHANNEL);
        }
        listening = true;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
          if (notifications == null) {
            continue;
          }
          for (PGNotification n : notifications) {
            deliver(n.getParameter());
          }
        }
      } catch (SQLException e) {
        listening = false;
        if (running) {
          LOG.warn("commit signal connection lost, reconnecting: {}", e.getMessage());
          sleepQuietly(1000);
        }
      }
    }
  }

  private void deliver(String payload) {
    try {
      consumer.accept(CommitSignals.parse(payload));
    } catch (RuntimeException e) {
      LOG.warn("commit signal consumer failed", e);
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(2000);
  }
}
