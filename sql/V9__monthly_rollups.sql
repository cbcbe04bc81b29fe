-- Monthly rollups (UTC calendar months, without the user) for the longest windows: a quarterly or
-- yearly budget over every namespace and a cost summary over the whole retention period read a
-- row per key and month instead of one per key and day. A month is built from the daily rollups
-- once its last hour is sealed; late calls, reprice and retention keep it equal to its days.
CREATE TABLE llm_cost_rollup_1mo_apps (LIKE llm_cost_rollup_1d_apps INCLUDING DEFAULTS);
ALTER TABLE llm_cost_rollup_1mo_apps
    ADD PRIMARY KEY (bucket_start, namespace, application, provider, model);
CREATE INDEX llm_cost_rollup_1mo_apps_scope ON llm_cost_rollup_1mo_apps (namespace, bucket_start)
    INCLUDE (application, provider, model, requests, unpriced_requests, cost);

-- Months already sealed (a ledger upgraded from V8).
INSERT INTO llm_cost_rollup_1mo_apps
SELECT date_trunc('month', bucket_start, 'UTC'), namespace, application, provider, model,
       sum(requests), sum(unpriced_requests), sum(input_tokens), sum(output_tokens),
       sum(cache_read_tokens), sum(cache_write_tokens), sum(reasoning_tokens), sum(cost)
FROM llm_cost_rollup_1d_apps
WHERE bucket_start < date_trunc('month', (SELECT sealed_until FROM llm_cost_rollup_sealed), 'UTC')
GROUP BY 1, 2, 3, 4, 5;
