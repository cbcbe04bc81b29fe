-- Rollups at 15-minute buckets. Every IANA offset in use (including +05:30 and +05:45) is a
-- multiple of 15 minutes, so a budget window of local midnights in any zone is a whole number of
-- buckets and its spend is exact from the rollups alone.
CREATE TABLE llm_cost_rollup_15m (
    bucket_start        timestamptz    NOT NULL
                                       CHECK (date_bin('15 minutes', bucket_start, timestamptz '2000-01-01 00:00:00+00') = bucket_start),
    namespace           text           NOT NULL,
    application         text           NOT NULL,
    user_id             text           NOT NULL,
    provider            text           NOT NULL,
    model               text           NOT NULL,
    requests            bigint         NOT NULL DEFAULT 0,
    unpriced_requests   bigint         NOT NULL DEFAULT 0,
    input_tokens        bigint         NOT NULL DEFAULT 0,
    output_tokens       bigint         NOT NULL DEFAULT 0,
    cache_read_tokens   bigint         NOT NULL DEFAULT 0,
    cache_write_tokens  bigint         NOT NULL DEFAULT 0,
    reasoning_tokens    bigint         NOT NULL DEFAULT 0,
    cost                numeric(24, 9) NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket_start, namespace, application, user_id, provider, model)
);

CREATE INDEX llm_cost_rollup_15m_scope ON llm_cost_rollup_15m (namespace, bucket_start);
