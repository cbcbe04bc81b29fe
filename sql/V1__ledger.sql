-- The ledger: one immutable row per priced LLM call.
-- Range-partitioned by the call's start time (one partition per UTC day) so that retention drops
-- whole partitions instead of deleting rows. Rows are never updated except by an explicit reprice.
CREATE TABLE llm_calls (
    trace_id            bytea        NOT NULL CHECK (octet_length(trace_id) = 16),
    span_id             bytea        NOT NULL CHECK (octet_length(span_id) = 8),
    start_time          timestamptz  NOT NULL,
    end_time            timestamptz,
    namespace           text         NOT NULL DEFAULT '',
    application         text         NOT NULL DEFAULT '',
    user_id             text         NOT NULL DEFAULT '',
    provider            text         NOT NULL DEFAULT '',
    model               text         NOT NULL,               -- the priced model (response, else request)
    request_model       text,
    input_tokens        bigint       NOT NULL CHECK (input_tokens >= 0),  -- includes cached tokens
    output_tokens       bigint       NOT NULL CHECK (output_tokens >= 0), -- includes reasoning tokens
    cache_read_tokens   bigint       NOT NULL DEFAULT 0 CHECK (cache_read_tokens >= 0),
    cache_write_tokens  bigint       NOT NULL DEFAULT 0 CHECK (cache_write_tokens >= 0),
    reasoning_tokens    bigint       NOT NULL DEFAULT 0 CHECK (reasoning_tokens >= 0),
    cache_write_ttl     text,                                -- '1h' when one-hour cache writes
    service_tier        text         NOT NULL DEFAULT 'standard'
                                     CHECK (service_tier IN ('standard', 'batch', 'priority', 'flex')),
    cost                numeric(20, 9) NOT NULL CHECK (cost >= 0),
    unpriced            boolean      NOT NULL DEFAULT false,
    price_catalog       text,                                -- LlmPricing that priced the row
    price_model         text,                                -- its model entry (may be a regex entry)
    latency_ms          bigint       CHECK (latency_ms >= 0),
    attributes          jsonb        NOT NULL DEFAULT '{}'::jsonb,
    prompt              text,                                -- only with --store-content, redacted
    response            text,                                -- only with --store-content, redacted
    ingested_at         timestamptz  NOT NULL DEFAULT now(),
    CHECK (NOT unpriced OR cost = 0),
    -- A replayed span has the same trace id, span id and start time, so this key dedupes replays.
    -- (A unique key on a partitioned table must include the partition key.)
    PRIMARY KEY (trace_id, span_id, start_time)
) PARTITION BY RANGE (start_time);

CREATE INDEX llm_calls_scope_time ON llm_calls (namespace, start_time);
CREATE INDEX llm_calls_unpriced ON llm_calls (model, start_time) WHERE unpriced;

-- Creates the daily partitions covering [from_day, to_day] (UTC days); existing ones are kept.
CREATE FUNCTION llm_calls_ensure_partitions(from_day date, to_day date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    day date := from_day;
    created integer := 0;
    part text;
BEGIN
    WHILE day <= to_day LOOP
        part := 'llm_calls_' || to_char(day, 'YYYYMMDD');
        IF to_regclass(part) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE %I PARTITION OF llm_calls FOR VALUES FROM (%L) TO (%L)',
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

-- Drops the daily partitions that end on or before the cutoff; returns how many went.
CREATE FUNCTION llm_calls_drop_partitions_before(cutoff timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    part record;
    dropped integer := 0;
BEGIN
    FOR part IN
        SELECT c.relname
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname = 'llm_calls' AND c.relname ~ '^llm_calls_[0-9]{8}$'
    LOOP
        IF (to_date(substr(part.relname, 11), 'YYYYMMDD') + 1)::timestamp AT TIME ZONE 'UTC' <= cutoff THEN
            EXECUTE format('DROP TABLE %I', part.relname);
            dropped := dropped + 1;
        END IF;
    END LOOP;
    RETURN dropped;
END;
$$;
