-- Budget queries read one namespace (or one user) over a window from the hourly and daily rollups.
-- Those tables are in time order, so a namespace's rows sit one per heap page; covering indexes
-- hold every column a budget query reads, so it is answered from the index alone (an index-only
-- scan: the rollups are written once when an hour is sealed and autovacuum marks them visible).
DROP INDEX llm_cost_rollup_1h_scope;
CREATE INDEX llm_cost_rollup_1h_scope ON llm_cost_rollup_1h (namespace, bucket_start)
    INCLUDE (application, user_id, provider, model, requests, unpriced_requests, cost);
DROP INDEX llm_cost_rollup_1h_user;
CREATE INDEX llm_cost_rollup_1h_user ON llm_cost_rollup_1h (user_id, bucket_start)
    INCLUDE (namespace, application, provider, model, requests, unpriced_requests, cost);
DROP INDEX llm_cost_rollup_1d_scope;
CREATE INDEX llm_cost_rollup_1d_scope ON llm_cost_rollup_1d (namespace, bucket_start)
    INCLUDE (application, user_id, provider, model, requests, unpriced_requests, cost);
DROP INDEX llm_cost_rollup_1d_user;
CREATE INDEX llm_cost_rollup_1d_user ON llm_cost_rollup_1d (user_id, bucket_start)
    INCLUDE (namespace, application, provider, model, requests, unpriced_requests, cost);
DROP INDEX llm_cost_rollup_1h_apps_scope;
CREATE INDEX llm_cost_rollup_1h_apps_scope ON llm_cost_rollup_1h_apps (namespace, bucket_start)
    INCLUDE (application, provider, model, requests, unpriced_requests, cost);
DROP INDEX llm_cost_rollup_1d_apps_scope;
CREATE INDEX llm_cost_rollup_1d_apps_scope ON llm_cost_rollup_1d_apps (namespace, bucket_start)
    INCLUDE (application, provider, model, requests, unpriced_requests, cost);
