package io.llmcost.ledger;

import java.sql.SQLException;
import java.sql.SQLTransientException;

/** Sorts database failures into "retry later" and "this batch is wrong". */
public final class LedgerErrors {
  private LedgerErrors() {}

  /**
   * Whether the failure is the database's state rather than the data: connection lost, server
   * shutting down or out of resources, a lock conflict. Such a batch should be retried.
   */
  public static boolean isTransient(SQLException e) {
    if (e instanceof SQLTransientException) {
      return true;
    }
    String state = e.getSQLState();
    if (state == null) {
      // pgjdbc and Hikari report a closed or unobtainable connection without a state
      return true;
    }
    return state.startsWith("08") // connection exception
        || state.startsWith("53") // insufficient resources
        || state.startsWith("57P") // admin shutdown, crash shutdown, cannot connect now
        || state.startsWith("40") // serialization failure, deadlock
        || state.equals("55P03"); // lock not available
  }

  /** Serialization failure or deadlock: the transaction can simply be run again. */
  static boolean isConflict(SQLException e) {
    return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
  }

  /** A unique key was violated (SQLSTATE 23505): the call is already in the ledger. */
  static boolean isUniqueViolation(SQLException e) {
    return "23505".equals(e.getSQLState());
  }

  /** A row fell outside every partition (SQLSTATE 23514, "no partition of relation … found"). */
  static boolean isMissingPartition(SQLException e) {
    return "23514".equals(e.getSQLState())
        && e.getMessage() != null
        && e.getMessage().contains("no partition");
  }
}
