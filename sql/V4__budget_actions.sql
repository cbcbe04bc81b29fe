-- What the operator did about budgets: notifications sent and routing changes made. It survives
-- restarts (each threshold notifies once per period) and is the audit trail of enforcement.
CREATE TABLE budget_actions (
    id                  bigserial    PRIMARY KEY,
    budget_namespace    text         NOT NULL,
    budget_name         text         NOT NULL,
    budget_uid          text,
    period_start        timestamptz  NOT NULL,
    threshold_percent   integer      NOT NULL CHECK (threshold_percent > 0),
    action              text         NOT NULL CHECK (action IN ('Notify', 'SwapModel', 'Block', 'Restore')),
    channel             text         NOT NULL,            -- 'event', 'slack', 'webhook:<url>', 'routing:<configmap>'
    dry_run             boolean      NOT NULL DEFAULT false,
    outcome             text         NOT NULL CHECK (outcome IN ('pending', 'succeeded', 'failed')),
    attempts            integer      NOT NULL DEFAULT 0,
    detail              jsonb        NOT NULL DEFAULT '{}'::jsonb,
    spent               numeric(20, 9),
    created_at          timestamptz  NOT NULL DEFAULT now(),
    updated_at          timestamptz  NOT NULL DEFAULT now(),
    UNIQUE (budget_namespace, budget_name, period_start, threshold_percent, action, channel)
);

CREATE INDEX budget_actions_budget ON budget_actions (budget_namespace, budget_name, period_start);
