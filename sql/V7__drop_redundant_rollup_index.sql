-- The 15-minute rollups' primary key starts with bucket_start, so it already serves time-range
-- scans and retention deletes. The extra index on bucket_start alone only cost writes, and
-- misled the planner into reading every key of a bucket for a namespace's budget.
DROP INDEX IF EXISTS llm_cost_rollup_15m_time;
