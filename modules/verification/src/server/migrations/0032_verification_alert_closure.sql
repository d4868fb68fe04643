-- Issue 6: an alert handled as 需调整 is closed by the assistance case's decision (调整/停保/暂停/
-- 渐退/成员停发), in that decision's transaction: status 'closed' (已处置) with the outcome and the
-- case step it rests on. 'closed' is resolved, so the partial unique index over the unresolved
-- statuses leaves it alone and a later finding on new data raises a new alert.
ALTER TABLE verification_alert DROP CONSTRAINT verification_alert_status_check;
ALTER TABLE verification_alert ADD CONSTRAINT verification_alert_status_check
  CHECK (status IN ('open', 'verifying', 'kept', 'transferred', 'adjust', 'closed'));
ALTER TABLE verification_alert
  ADD COLUMN closed_outcome text,
  ADD COLUMN closed_case_action text,
  ADD COLUMN closed_case_seq integer,
  ADD CONSTRAINT verification_alert_closed_outcome CHECK ((status = 'closed') = (closed_outcome IS NOT NULL));

ALTER TABLE verification_alert_event DROP CONSTRAINT verification_alert_event_action_check;
ALTER TABLE verification_alert_event ADD CONSTRAINT verification_alert_event_action_check
  CHECK (action IN ('verify', 'keep', 'transfer', 'adjust', 'close'));
-- The closing step names the case step (e.g. 'DB-220105-2026-000001 第 12 步「停保」').
ALTER TABLE verification_alert_event ADD COLUMN case_step text;
