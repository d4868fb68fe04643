-- Recovery of jobs whose process died while running them. A job's work is one transaction, so a
-- crash rolls the work back but leaves the claim ('running') committed. The runner refreshes
-- heartbeat_at while it works; a running job whose heartbeat is older than the stale limit is
-- put back in the queue (or failed after too many attempts) by the next claim.
ALTER TABLE platform_job ADD COLUMN heartbeat_at timestamptz;
ALTER TABLE platform_job ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0);
CREATE INDEX platform_job_running ON platform_job (heartbeat_at) WHERE status = 'running';
