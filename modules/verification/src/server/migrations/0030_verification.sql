-- 核对与低收入人口动态监测 (verification), part 1: source catalogue, snapshots and their records,
-- monitoring rules, runs and alerts.
--
-- Records of other departments are keyed by the keyed hash of the ID number (the same HMAC the
-- registry's id_hash uses), never by the number itself. The application role cannot read them
-- at all: they are used only by monitoring runs (system work, audited) and what an official sees
-- is the evidence a run copied into its alert.

-- 数据来源: defaults come from the code's catalogue (upserted at start-up by the module); the
-- refresh cycle and retention are the deployment's to change.
CREATE TABLE verification_source (
  code           text COLLATE "C" PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,31}$'),
  name           text NOT NULL,
  owner          text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('file', 'internal')),
  refresh_days   integer NOT NULL CHECK (refresh_days BETWEEN 0 AND 3660),
  retention_days integer NOT NULL CHECK (retention_days BETWEEN 0 AND 36600),
  updated_by     uuid,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
REVOKE INSERT, DELETE, TRUNCATE ON verification_source FROM mz_app;

-- Whether `code` lies in the subtree of `ancestor` (or is it): a province's snapshot serves the
-- counties below it.
CREATE FUNCTION verification_region_covers(ancestor text, code text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT left(code, n) = left(ancestor, n) FROM (SELECT CASE
    WHEN right(ancestor, 10) = '0000000000' THEN 2
    WHEN right(ancestor, 8) = '00000000' THEN 4
    WHEN right(ancestor, 6) = '000000' THEN 6
    WHEN right(ancestor, 3) = '000' THEN 9
    ELSE 12 END AS n) s
$$;

-- 数据快照: one delivery of one source for one jurisdiction (the importer's). The newest promoted
-- snapshot of a source and jurisdiction is 'current'; promoting a newer one supersedes it in the
-- same transaction, so a run always sees exactly one version.
CREATE TABLE verification_snapshot (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source_code   text COLLATE "C" NOT NULL REFERENCES verification_source (code),
  version       integer NOT NULL CHECK (version >= 1),
  as_of         date NOT NULL,
  region_code   varchar(12) NOT NULL REFERENCES region (code),
  file_name     text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  status        text NOT NULL DEFAULT 'importing' CHECK (status IN ('importing', 'current', 'superseded', 'failed', 'purged')),
  total         integer NOT NULL DEFAULT 0,
  accepted      integer NOT NULL DEFAULT 0,
  rejected      integer NOT NULL DEFAULT 0,
  persons       integer NOT NULL DEFAULT 0,
  -- Rejected rows: row number, masked ID number and the reasons (never the plain number).
  rejections    jsonb NOT NULL DEFAULT '[]',
  error         text,
  -- The upload, kept only until the job has read it.
  file_data     bytea,
  job_id        uuid,
  created_by    uuid,
  created_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  superseded_at timestamptz,
  purged_at     timestamptz,
  UNIQUE (source_code, region_code, version)
);
CREATE UNIQUE INDEX verification_snapshot_current ON verification_snapshot (source_code, region_code) WHERE status = 'current';
CREATE INDEX verification_snapshot_region ON verification_snapshot (region_code, created_at);
ALTER TABLE verification_snapshot ENABLE ROW LEVEL SECURITY;
-- A county reads (the header of) its province's snapshots: counts and dates, no personal data.
CREATE POLICY verification_snapshot_read ON verification_snapshot FOR SELECT TO mz_app
  USING ((region_code >= mz_scope_from() AND region_code < mz_scope_to()) OR verification_region_covers(region_code, mz_scope_from()));
CREATE POLICY verification_snapshot_insert ON verification_snapshot FOR INSERT TO mz_app
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
CREATE POLICY verification_snapshot_update ON verification_snapshot FOR UPDATE TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE DELETE, TRUNCATE ON verification_snapshot FROM mz_app;

-- 核对记录: one fact about one person from one snapshot, in a shape every source fits (see
-- sources.catalog.ts for which fields each source fills). No foreign key to the snapshot: a
-- per-row check costs as much as the insert on a million-row delivery, and the only writer is
-- the import's INSERT … SELECT from a snapshot it has just created.
CREATE TABLE verification_record (
  snapshot_id uuid NOT NULL,
  id_hash     text NOT NULL,
  event_date  date,
  end_date    date,
  amount_fen  bigint CHECK (amount_fen >= 0),
  quantity    numeric(12, 2),
  category    text,
  ref_masked  text
);
-- Matching probes by person within a snapshot; retention deletes by snapshot.
CREATE INDEX verification_record_snapshot_person ON verification_record (snapshot_id, id_hash);
REVOKE ALL ON verification_record FROM mz_app;

-- 监测规则: the deployment's configuration of each rule of the catalogue.
CREATE TABLE verification_rule (
  code           text COLLATE "C" PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  active         boolean NOT NULL DEFAULT true,
  severity       text NOT NULL CHECK (severity IN ('high', 'medium', 'low')),
  handling_level smallint NOT NULL CHECK (handling_level IN (3, 4)),
  deadline_days  smallint NOT NULL CHECK (deadline_days BETWEEN 1 AND 60),
  params         jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(params) = 'object'),
  updated_by     uuid,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
REVOKE INSERT, DELETE, TRUNCATE ON verification_rule FROM mz_app;

-- 监测运行: one matching of a jurisdiction's beneficiaries for a month.
CREATE TABLE verification_run (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code  varchar(12) NOT NULL REFERENCES region (code),
  month        date NOT NULL CHECK (extract(day FROM month) = 1),
  status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  beneficiaries integer NOT NULL DEFAULT 0,
  alerts_new   integer NOT NULL DEFAULT 0,
  alerts_seen  integer NOT NULL DEFAULT 0,
  -- Per rule: ran or not, snapshots used, counts, notes (stale data, dormant rules).
  rules        jsonb NOT NULL DEFAULT '[]',
  error        text,
  job_id       uuid,
  created_by   uuid,
  created_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
CREATE INDEX verification_run_region ON verification_run (region_code, created_at);
ALTER TABLE verification_run ENABLE ROW LEVEL SECURITY;
CREATE POLICY verification_run_scope ON verification_run TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE DELETE, TRUNCATE ON verification_run FROM mz_app;

-- 预警: one finding of one rule about one person or household, routed to the beneficiary's region.
-- subject_key is the person (person rules) or the household (household rules); basis names what
-- the finding rests on (the snapshots, or for ledger rules the entitlements), so a 维持 or 转办
-- decision is not asked again on the same data.
-- No foreign keys on rule, region or run: a run inserts tens of thousands of alerts in one
-- statement, a per-row key check costs more than the insert, and the only writer is that
-- statement, whose rule codes, regions and run id come from the catalogue, the registry and the
-- run row it has just locked.
CREATE TABLE verification_alert (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  alert_no       bigint GENERATED ALWAYS AS IDENTITY,
  rule_code      text COLLATE "C" NOT NULL,
  subject_key    uuid NOT NULL,
  person_id      uuid,
  household_id   uuid,
  person_name    text,
  id_masked      varchar(18),
  region_code    varchar(12) NOT NULL,
  case_ids       uuid[] NOT NULL DEFAULT '{}',
  severity       text NOT NULL CHECK (severity IN ('high', 'medium', 'low')),
  handling_level smallint NOT NULL CHECK (handling_level IN (3, 4)),
  basis          text NOT NULL,
  evidence       jsonb NOT NULL,
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'verifying', 'kept', 'transferred', 'adjust')),
  version        integer NOT NULL DEFAULT 1,
  raised_on      date NOT NULL,
  due_on         date NOT NULL,
  first_run_id   uuid NOT NULL,
  last_run_id    uuid NOT NULL,
  last_seen_at   timestamptz NOT NULL DEFAULT now(),
  outcome_opinion text,
  transfer_department text,
  linked_case_id uuid,
  handled_by     uuid,
  handled_by_name text,
  handled_at     timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now()
);
-- One unresolved alert per rule and subject: a re-run refreshes it instead of adding another.
CREATE UNIQUE INDEX verification_alert_unresolved ON verification_alert (rule_code, subject_key) WHERE status IN ('open', 'verifying', 'adjust');
CREATE INDEX verification_alert_region ON verification_alert (region_code, status, due_on);
CREATE INDEX verification_alert_closed ON verification_alert (rule_code, subject_key, basis) WHERE status IN ('kept', 'transferred');
ALTER TABLE verification_alert ENABLE ROW LEVEL SECURITY;
CREATE POLICY verification_alert_scope ON verification_alert TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE DELETE, TRUNCATE ON verification_alert FROM mz_app;

-- Every handling step, append-only.
CREATE TABLE verification_alert_event (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id    uuid NOT NULL REFERENCES verification_alert (id),
  region_code varchar(12) NOT NULL,
  action      text NOT NULL CHECK (action IN ('verify', 'keep', 'transfer', 'adjust')),
  from_status text NOT NULL,
  to_status   text NOT NULL,
  opinion     text CHECK (length(opinion) <= 500),
  department  text,
  case_id     uuid,
  actor_id    uuid,
  actor_name  text,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX verification_alert_event_alert ON verification_alert_event (alert_id, id);
ALTER TABLE verification_alert_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY verification_alert_event_scope ON verification_alert_event TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE UPDATE, DELETE, TRUNCATE ON verification_alert_event FROM mz_app;

-- The check digit of a GB 11643 number in SQL, for the staged rows of an import (the Chinese
-- words are those of the kernel's parseIdNumber).
CREATE FUNCTION verification_id_problem(id text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN id IS NULL OR id = '' THEN '身份证号不能为空'
    WHEN id !~ '^[0-9]{17}[0-9X]$' THEN '身份号码应为18位，前17位为数字，末位为数字或X'
    WHEN substr('10X98765432', (
      (substr(id, 1, 1)::int * 7 + substr(id, 2, 1)::int * 9 + substr(id, 3, 1)::int * 10 + substr(id, 4, 1)::int * 5
     + substr(id, 5, 1)::int * 8 + substr(id, 6, 1)::int * 4 + substr(id, 7, 1)::int * 2 + substr(id, 8, 1)::int * 1
     + substr(id, 9, 1)::int * 6 + substr(id, 10, 1)::int * 3 + substr(id, 11, 1)::int * 7 + substr(id, 12, 1)::int * 9
     + substr(id, 13, 1)::int * 10 + substr(id, 14, 1)::int * 5 + substr(id, 15, 1)::int * 8 + substr(id, 16, 1)::int * 4
     + substr(id, 17, 1)::int * 2) % 11) + 1, 1) <> substr(id, 18, 1)
      THEN '身份证号校验位错误'
  END
$$;

-- A delivered date as text → the date, or NULL when it is not a real calendar date. Accepts
-- 2026-10-01, 2026/10/01, 2026.10.01 and 20261001. Pure SQL (no exception block: a subtransaction
-- per row would dominate a million-row import).
CREATE FUNCTION verification_parse_date(t text) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN d ~ '^[0-9]{8}$'
      AND substr(d, 5, 2)::int BETWEEN 1 AND 12
      AND substr(d, 7, 2)::int BETWEEN 1 AND extract(day FROM (make_date(substr(d, 1, 4)::int, substr(d, 5, 2)::int, 1) + interval '1 month - 1 day'))::int
      AND substr(d, 1, 4)::int BETWEEN 1900 AND 2100
    THEN make_date(substr(d, 1, 4)::int, substr(d, 5, 2)::int, substr(d, 7, 2)::int) END
  FROM (SELECT CASE
    WHEN t ~ '^\s*[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}\s*$' THEN
      split_part(regexp_replace(trim(t), '[/.]', '-', 'g'), '-', 1)
      || lpad(split_part(regexp_replace(trim(t), '[/.]', '-', 'g'), '-', 2), 2, '0')
      || lpad(split_part(regexp_replace(trim(t), '[/.]', '-', 'g'), '-', 3), 2, '0')
    ELSE trim(t) END AS d) s
$$;

-- Preset roles: clerks import and handle; reviewers handle; approvers handle and configure rules;
-- the read-only role reads.
UPDATE iam_role SET permissions = permissions || ARRAY['verification.read', 'verification.import', 'verification.handle'] WHERE code = 'clerk' AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY['verification.read', 'verification.handle'] WHERE code = 'reviewer' AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY['verification.read', 'verification.handle', 'verification.rules'] WHERE code = 'approver' AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY['verification.read'] WHERE code = 'auditor' AND preset;
