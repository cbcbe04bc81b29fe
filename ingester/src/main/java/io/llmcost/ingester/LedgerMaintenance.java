package io.llmcost.ingester;

import io.llmcost.ledger.Partitions;
import io.llmcost.ledger.RollupSealer;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the coming days' partitions ahead of the calls, applies retention, and seals the hours
 * that ended into the hourly and daily rollups.
 */
final class LedgerMaintenance {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerMaintenance.class);
  static final int DAYS_AHEAD = 7;

  private final Partitions partitions;
  private final RollupSealer sealer;
  private final Clock clock;
  private final Duration retention;
  private final AtomicLong dropped = new AtomicLong();

  LedgerMaintenance(Partitions partitions, RollupSealer sealer, Clock clock, Duration retention) {
    this.partitions = partitions;
    this.sealer = sealer;
    this.clock = clock;
    this.retention = retention;
  }

  long partitionsDropped() {
    return dropped.get();
  }

  void run() {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    try {
      int created = partitions.ensure(today.minusDays(1), today.plusDays(DAYS_AHEAD));
      if (created > 0) {
        LOG.info("created {} ledger partition(s) ahead", created);
      }
      if (retention != null) {
        int gone = partitions.dropBefore(now.minus(retention));
        dropped.addAndGet(gone);
        if (gone > 0) {
          LOG.info("retention {}: dropped {} ledger partition(s)", retention, gone);
        }
      }
    } catch (SQLException e) {
      LOG.warn("ledger maintenance failed, will retry: {}", e.getMessage());
    }
  }

  void seal() {
    try {
      sealer.seal(clock.instant());
    } catch (SQLException e) {
      LOG.warn("sealing the hourly rollups failed, will retry: {}", e.getMessage());
    }
  }
}
