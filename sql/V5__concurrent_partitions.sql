-- Several ingester replicas may create the same day's partition at once: serialize creation with a
-- transaction-scoped advisory lock and tolerate partitions another replica created first.
CREATE OR REPLACE FUNCTION llm_calls_ensure_partitions(from_day date, to_day date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    day date := from_day;
    created integer := 0;
    part text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('llm_calls_ensure_partitions'));
    WHILE day <= to_day LOOP
        part := 'llm_calls_' || to_char(day, 'YYYYMMDD');
        IF to_regclass(part) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE IF NOT EXISTS %I PARTITION OF llm_calls FOR VALUES FROM (%L) TO (%L)',
                part,
                (day::timestamp AT TIME ZONE 'UTC'),
                ((day + 1)::timestamp AT TIME ZONE 'UTC'));
            created := created + 1;
        END IF;
        day := day + 1;
    END LOOP;
    RETURN created;
END;
$$;

-- Rollup rows older than the retention cutoff go with the ledger partitions they summarize.
CREATE INDEX llm_cost_rollup_15m_time ON llm_cost_rollup_15m (bucket_start);
