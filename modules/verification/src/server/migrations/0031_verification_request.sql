-- 核对与低收入人口动态监测 (verification), part 2: household verification requests and their
-- reports (家庭经济状况核对). A request names an assistance case; the report (members, each hit
-- with its source and date, sums, limits, conclusion) is computed from the current snapshots when
-- the request is made and kept as it was, so a later delivery never rewrites what a decision used.
CREATE TABLE verification_request (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  request_no      bigint GENERATED ALWAYS AS IDENTITY,
  case_id         uuid NOT NULL,
  case_no         text NOT NULL,
  programme       text NOT NULL,
  -- The case's region (its household's village): who sees the report.
  region_code     varchar(12) NOT NULL REFERENCES region (code),
  household_id    uuid,
  applicant_name  text NOT NULL,
  person_ids      uuid[] NOT NULL,
  status          text NOT NULL CHECK (status IN ('reported', 'failed')),
  conclusion      text CHECK (conclusion IN ('eligible', 'ineligible', 'manual')),
  -- The statutory clock: requested on, due 3 working days later.
  requested_on    date NOT NULL,
  due_on          date NOT NULL,
  report          jsonb,
  error           text,
  -- The snapshots read, for the audit trail and for "which data did this rest on".
  snapshot_ids    uuid[] NOT NULL DEFAULT '{}',
  created_by      uuid,
  created_by_name text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  reported_at     timestamptz
);
CREATE INDEX verification_request_case ON verification_request (case_id, created_at);
CREATE INDEX verification_request_region ON verification_request (region_code, created_at);
ALTER TABLE verification_request ENABLE ROW LEVEL SECURITY;
CREATE POLICY verification_request_scope ON verification_request TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
-- Written only by the request itself (system work: it reads the records); officials read.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON verification_request FROM mz_app;
