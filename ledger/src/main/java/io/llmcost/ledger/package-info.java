/**
 * The ledger in PostgreSQL: schema migrations (from {@code sql/}), the price catalog tables, and
 * (with the ingester) batch writes, rollups and queries. No Kubernetes client here.
 */
package io.llmcost.ledger;
