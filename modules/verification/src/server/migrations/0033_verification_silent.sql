-- 静默认证 (silent re-verification): each month every recipient of recurring programmes is checked
-- from the current snapshots alone (alive, not in custody, still qualifying). A run is a
-- monitoring run restricted to the rules marked `silent` in the catalogue, so it shares the
-- monitoring statements and the alert machinery; what it adds is one compact result row per
-- recipient and month, and payment holds (payments_hold) for those who fail.
ALTER TABLE verification_run ADD COLUMN kind text NOT NULL DEFAULT 'monitor' CHECK (kind IN ('monitor', 'silent'));

-- One row per recipient and month: passed (认证通过, continues with no visit) or failed, with the
-- failing rules and the alerts that hold the payments. Written by one INSERT … SELECT per run; a
-- second run of the same month replaces the month's rows of the persons it covers.
CREATE TABLE verification_silent_result (
  month       date NOT NULL CHECK (extract(day FROM month) = 1),
  person_id   uuid NOT NULL,
  region_code varchar(12) NOT NULL,
  run_id      uuid NOT NULL,
  passed      boolean NOT NULL,
  rules       text[] NOT NULL DEFAULT '{}',
  alert_ids   uuid[] NOT NULL DEFAULT '{}',
  CHECK (passed = (cardinality(alert_ids) = 0)),
  PRIMARY KEY (month, person_id)
);
-- Results by month and region (a range scan per region subtree).
CREATE INDEX verification_silent_result_region ON verification_silent_result (month, region_code);
ALTER TABLE verification_silent_result ENABLE ROW LEVEL SECURITY;
CREATE POLICY verification_silent_result_scope ON verification_silent_result TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON verification_silent_result FROM mz_app;
