-- The price catalog the ingester prices with: LlmPricing objects as synced by the operator or
-- loaded by `pricing apply`. Prices are USD per 1M tokens, exact decimals.
CREATE TABLE price_catalogs (
    name            text        PRIMARY KEY,              -- the LlmPricing object's name
    provider        text,                                 -- null: applies to any provider
    effective_from  timestamptz,                          -- null: since always
    source          text        NOT NULL,                 -- 'kubernetes' or 'file:<path>'
    generation      bigint,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE price_models (
    id              bigserial   PRIMARY KEY,
    catalog         text        NOT NULL REFERENCES price_catalogs (name) ON DELETE CASCADE,
    position        integer     NOT NULL,                 -- order in the LlmPricing spec
    model_name      text        NOT NULL,
    match_regex     text,
    UNIQUE (catalog, model_name)
);

-- One row per tier of a model: the standard prices, a service tier, a long-context tier, or a
-- service tier within a long-context tier. A null price is not set at that tier (it falls back).
CREATE TABLE price_rates (
    model_id            bigint          NOT NULL REFERENCES price_models (id) ON DELETE CASCADE,
    above_input_tokens  bigint          NOT NULL DEFAULT 0 CHECK (above_input_tokens >= 0), -- 0: no long-context tier
    service_tier        text            NOT NULL DEFAULT 'standard'
                                        CHECK (service_tier IN ('standard', 'batch', 'priority', 'flex')),
    input               numeric(24, 12) CHECK (input >= 0),
    output              numeric(24, 12) CHECK (output >= 0),
    cache_read          numeric(24, 12) CHECK (cache_read >= 0),
    cache_write         numeric(24, 12) CHECK (cache_write >= 0),
    cache_write_1h      numeric(24, 12) CHECK (cache_write_1h >= 0),
    reasoning           numeric(24, 12) CHECK (reasoning >= 0),
    PRIMARY KEY (model_id, above_input_tokens, service_tier)
);

-- Bumped on every catalog change so ingesters can reload within seconds.
CREATE TABLE price_catalog_version (
    singleton   boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    version     bigint      NOT NULL,
    changed_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO price_catalog_version (version) VALUES (0);
