package io.llmcost.ledger;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import javax.sql.DataSource;

/** The ledger's daily partitions: created ahead of the calls, dropped by retention. */
public final class Partitions {
  private final DataSource dataSource;

  public Partitions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Creates the partitions for the UTC days from..to (inclusive); returns how many were new. */
  public int ensure(LocalDate from, LocalDate to) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT llm_calls_ensure_partitions(?, ?)")) {
      ps.setDate(1, Date.valueOf(from));
      ps.setDate(2, Date.valueOf(to));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /**
   * Drops the ledger's daily partitions and rollup rows that lie wholly before the cutoff.
   *
   * @return the number of daily partitions dropped
   */
  public int dropBefore(Instant cutoff) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      // Serialized with sealing and with writers updating sealed rollups; taken first, in the
      // writers' order (watermark, then the ledger), so the two cannot deadlock.
      Instant sealed = RollupSealer.lockWatermark(c);
      int dropped;
      try (PreparedStatement ps =
          c.prepareStatement("SELECT llm_calls_drop_partitions_before(?)")) {
        ps.setTimestamp(1, Timestamp.from(cutoff));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          dropped = rs.getInt(1);
        }
      }
      // whole UTC days only, like the partitions, so rollups keep matching the ledger
      Instant day = Rollups.floor(cutoff, Rollups.DAY);
      for (Rollups.Table table : Rollups.Table.values()) {
        try (PreparedStatement ps =
            c.prepareStatement("DELETE FROM " + table.name + " WHERE bucket_start < ?")) {
          ps.setTimestamp(1, Timestamp.from(table.floor(day)));
          ps.executeUpdate();
        }
      }
      // The month the cutoff falls in keeps only its remaining days, if it was sealed.
      Instant month = Rollups.floorMonth(day);
      if (month.isBefore(day) && !Rollups.monthEnd(month).isAfter(sealed)) {
        RollupSealer.rebuild(
            c, Rollups.Table.MONTHS_APPS, Rollups.Table.DAYS_APPS, month, Rollups.monthEnd(month));
      }
      c.commit();
      return dropped;
    }
  }

  /** Creates each day's partition, in the connection's own short transaction. */
  static void ensure(Connection c, Collection<LocalDate> days) throws SQLException {
    c.setAutoCommit(true);
    try (PreparedStatement ps = c.prepareStatement("SELECT llm_calls_ensure_partitions(?, ?)")) {
      for (LocalDate day : days) {
        ps.setDate(1, Date.valueOf(day));
        ps.setDate(2, Date.valueOf(day));
        ps.execute();
      }
    }
  }
}
