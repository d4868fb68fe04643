-- Notices other modules attach to a case (issue 6: an alert of 核对监测 handled as 需调整).
--
-- Assistance may not read the modules that depend on it (verification reads assistance's
-- parameters), so what such a module wants the case to act on is written here, in the same
-- transaction as its own step, with what the case page shows: the title (the rule), a summary of
-- the evidence and the link back. The case's next decision (调整/停保/暂停/渐退/成员停发) closes the
-- open notices with its step, and the module hears of it through the decision hook
-- (case-links.ts) in that same transaction.
CREATE TABLE assistance_case_notice (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id         uuid NOT NULL REFERENCES assistance_case (id),
  -- The case's region: who sees the notice (row-level security as on the case).
  region_code     varchar(12) NOT NULL,
  source          text NOT NULL CHECK (source ~ '^[a-z][a-z0-9_.]{0,39}$'),
  ref_id          uuid NOT NULL,
  ref_no          text,
  title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  summary         text NOT NULL CHECK (length(summary) <= 2000),
  opinion         text CHECK (length(opinion) <= 500),
  link            text NOT NULL CHECK (link ~ '^/[A-Za-z0-9/_?=&.-]*$'),
  raised_by_name  text,
  raised_at       timestamptz NOT NULL DEFAULT now(),
  closed_at       timestamptz,
  closed_action   text,
  closed_action_name text,
  closed_seq      integer,
  closed_by_name  text,
  CHECK ((closed_at IS NULL) = (closed_action IS NULL))
);
-- One open notice per source item: a second 需调整 of the same alert cannot add another.
CREATE UNIQUE INDEX assistance_case_notice_open ON assistance_case_notice (source, ref_id) WHERE closed_at IS NULL;
CREATE INDEX assistance_case_notice_case ON assistance_case_notice (case_id, raised_at);

ALTER TABLE assistance_case_notice ENABLE ROW LEVEL SECURITY;
CREATE POLICY assistance_case_notice_scope ON assistance_case_notice TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE DELETE, TRUNCATE ON assistance_case_notice FROM mz_app;
