package io.llmcost.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Whether the ledger database is reachable and carries the schema this build expects, checked in
 * the background so probes answer at once even while the database hangs.
 */
public final class DatabaseHealth {
  /**
   * One check's outcome.
   *
   * @param error why the database is not ready, null when it is
   */
  public record State(boolean ready, Instant checkedAt, String error) {}

  private final DataSource dataSource;
  private final String schemaVersion;
  private final Clock clock;
  private volatile State state;

  public DatabaseHealth(DataSource dataSource, String schemaVersion, Clock clock) {
    this.dataSource = dataSource;
    this.schemaVersion = schemaVersion;
    this.clock = clock;
    this.state = new State(false, clock.instant(), "not checked yet");
  }

  public String schemaVersion() {
    return schemaVersion;
  }

  public State state() {
    return state;
  }

  /** Runs one check and remembers it. */
  public State check() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT 1 FROM llmcost_schema_history WHERE version = ? AND success")) {
      ps.setQueryTimeout(2);
      ps.setString(1, schemaVersion);
      try (ResultSet rs = ps.executeQuery()) {
        state =
            rs.next()
                ? new State(true, clock.instant(), null)
                : new State(
                    false, clock.instant(), "schema version " + schemaVersion + " not applied");
      }
    } catch (SQLException e) {
      state = new State(false, clock.instant(), "database unreachable: " + e.getMessage());
    }
    return state;
  }
}
