-- Every committed batch adds its calls to the 15-minute rollups (INSERT … ON CONFLICT DO UPDATE),
-- so most of their rows are updated many times while their bucket is current. Free space on each
-- page lets those updates be HOT (heap-only: no new index entries), which keeps the upserts and the
-- indexes small under sustained ingest.
ALTER TABLE llm_cost_rollup_15m SET (fillfactor = 70);
