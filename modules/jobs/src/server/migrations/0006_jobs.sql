-- Background jobs: a PostgreSQL queue that several app processes share (claimed with SKIP LOCKED).
CREATE TABLE platform_job (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind           text NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
  status         text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  payload        jsonb NOT NULL DEFAULT '{}'::jsonb,
  progress_done  bigint NOT NULL DEFAULT 0,
  progress_total bigint NOT NULL DEFAULT 0,
  result         jsonb,
  error          text,
  -- The creator's region: who may look at the job (same range rule as every other scoped table).
  region_code    varchar(12) NOT NULL,
  created_by     uuid,
  created_at     timestamptz NOT NULL DEFAULT now(),
  started_at     timestamptz,
  finished_at    timestamptz
);
-- The runner's claim query walks only the queued jobs, oldest first.
CREATE INDEX platform_job_queued ON platform_job (created_at) WHERE status = 'queued';
CREATE INDEX platform_job_region ON platform_job (region_code, created_at);

ALTER TABLE platform_job ENABLE ROW LEVEL SECURITY;
CREATE POLICY platform_job_scope ON platform_job TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
