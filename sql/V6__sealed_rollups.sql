-- Coarser rollups for long windows. A month-to-date budget or a 90-day summary read from the
-- 15-minute rollups alone touches up to millions of rows once users number in the thousands;
-- hourly and daily rollups of sealed time keep every such query to thousands of rows.
--
-- *_1h / *_1d have the full key of the 15-minute rollups; *_1h_apps / *_1d_apps leave the user out
-- (most budgets and summaries don't select users, and those tables are far smaller). Buckets are
-- UTC hours and UTC days (date_bin from the same origin as the 15-minute buckets).
--
-- They cover exactly [origin, sealed_until): the ingester seals whole hours a few minutes after
-- they end, building them from the 15-minute rollups in one transaction with the watermark; a late
-- call for sealed time updates them together with its 15-minute bucket. Readers use them only
-- below the watermark they read, and the 15-minute rollups everywhere else.
CREATE TABLE llm_cost_rollup_1h (LIKE llm_cost_rollup_15m INCLUDING DEFAULTS);
ALTER TABLE llm_cost_rollup_1h
    ADD PRIMARY KEY (bucket_start, namespace, application, user_id, provider, model);
CREATE INDEX llm_cost_rollup_1h_scope ON llm_cost_rollup_1h (namespace, bucket_start);
CREATE INDEX llm_cost_rollup_1h_user ON llm_cost_rollup_1h (user_id, bucket_start);

CREATE TABLE llm_cost_rollup_1d (LIKE llm_cost_rollup_15m INCLUDING DEFAULTS);
ALTER TABLE llm_cost_rollup_1d
    ADD PRIMARY KEY (bucket_start, namespace, application, user_id, provider, model);
CREATE INDEX llm_cost_rollup_1d_scope ON llm_cost_rollup_1d (namespace, bucket_start);
CREATE INDEX llm_cost_rollup_1d_user ON llm_cost_rollup_1d (user_id, bucket_start);

CREATE TABLE llm_cost_rollup_1h_apps (LIKE llm_cost_rollup_15m INCLUDING DEFAULTS);
ALTER TABLE llm_cost_rollup_1h_apps DROP COLUMN user_id;
ALTER TABLE llm_cost_rollup_1h_apps
    ADD PRIMARY KEY (bucket_start, namespace, application, provider, model);
CREATE INDEX llm_cost_rollup_1h_apps_scope ON llm_cost_rollup_1h_apps (namespace, bucket_start);

CREATE TABLE llm_cost_rollup_1d_apps (LIKE llm_cost_rollup_15m INCLUDING DEFAULTS);
ALTER TABLE llm_cost_rollup_1d_apps DROP COLUMN user_id;
ALTER TABLE llm_cost_rollup_1d_apps
    ADD PRIMARY KEY (bucket_start, namespace, application, provider, model);
CREATE INDEX llm_cost_rollup_1d_apps_scope ON llm_cost_rollup_1d_apps (namespace, bucket_start);

CREATE TABLE llm_cost_rollup_sealed (
    singleton       boolean      PRIMARY KEY DEFAULT true CHECK (singleton),
    sealed_until    timestamptz  NOT NULL
                                 CHECK (date_bin('1 hour', sealed_until, timestamptz '2000-01-01 00:00:00+00') = sealed_until)
);
-- Nothing sealed yet: the ingester's first sealing builds the coarse rollups of existing data.
INSERT INTO llm_cost_rollup_sealed (sealed_until) VALUES (timestamptz '2000-01-01 00:00:00+00');
