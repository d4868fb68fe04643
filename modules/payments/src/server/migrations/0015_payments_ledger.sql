-- 资金发放 (payments), part 1: the entitlement ledger, rolls, their lines and control totals.
--
-- Money is integer fen. Months are stored as the first day of the month (date), so month ranges
-- are plain B-tree comparisons. Every table that names a beneficiary or a place carries a
-- 12-digit region_code and a row-level-security policy on the caller's published range.

-- Whether `code` lies in the subtree of `ancestor` (or is it): the ancestor's significant prefix
-- (2/4/6/9/12 digits by its trailing zeros) starts the code. A county must read the runs and
-- bank profiles its city or province declared.
CREATE FUNCTION payments_region_covers(ancestor text, code text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT left(code, n) = left(ancestor, n) FROM (SELECT CASE
    WHEN right(ancestor, 10) = '0000000000' THEN 2
    WHEN right(ancestor, 8) = '00000000' THEN 4
    WHEN right(ancestor, 6) = '000000' THEN 6
    WHEN right(ancestor, 3) = '000' THEN 9
    ELSE 12 END AS n) s
$$;

-- 待遇: what a beneficiary is owed for a programme, per month (kind 'monthly') or once ('grant').
-- A series is everything one source (a case: source_module + source_id) said over time. Rows are
-- never edited: a change supersedes the current rows from a month on and inserts new ones (the
-- part before that month is re-inserted unchanged), so every line ever paid still points at the
-- exact amount, breakdown and rule version it was computed from.
-- Programme codes compare bytewise (COLLATE "C"): they are identifiers, and the no-double-pay
-- index orders a million of them per roll, where a locale comparison costs microseconds each.
CREATE TABLE payments_entitlement (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme          text COLLATE "C" NOT NULL CHECK (programme ~ '^[a-z][a-z0-9_]{1,31}$'),
  kind               text NOT NULL CHECK (kind IN ('monthly', 'grant')),
  -- Who a line is for: the household (household-basis programmes) or the person.
  subject_id         uuid NOT NULL,
  person_id          uuid REFERENCES registry_person (id),
  household_id       uuid REFERENCES registry_household (id),
  -- Whose account receives the money (the person, or for a household its head or applicant).
  payee_person_id    uuid NOT NULL REFERENCES registry_person (id),
  -- Covered persons: caseload figures and per-person one-off runs.
  person_count       smallint NOT NULL DEFAULT 1 CHECK (person_count BETWEEN 0 AND 99),
  region_code        varchar(12) NOT NULL REFERENCES region (code),
  from_month         date NOT NULL CHECK (extract(day FROM from_month) = 1),
  to_month           date CHECK (to_month IS NULL OR (extract(day FROM to_month) = 1 AND to_month >= from_month)),
  monthly_amount_fen bigint NOT NULL CHECK (monthly_amount_fen >= 0),
  breakdown          jsonb NOT NULL,
  rule_version       text NOT NULL CHECK (length(rule_version) BETWEEN 1 AND 100),
  origin_kind        text NOT NULL CHECK (origin_kind IN ('case_decision', 'adjustment', 'one_off', 'end')),
  source_module      text NOT NULL CHECK (source_module ~ '^[a-z][a-z0-9_]{1,31}$'),
  source_id          text NOT NULL CHECK (length(source_id) BETWEEN 1 AND 100),
  reason             text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  -- One number per call that changed the series; the rows one call inserted share it.
  series_version     integer NOT NULL CHECK (series_version >= 1),
  superseded_at      timestamptz,
  superseded_by      uuid REFERENCES payments_entitlement (id),
  -- 先行救助 paid in cash before the decision: recorded for the ledger, never sent to the bank.
  paid_outside_on    date,
  paid_outside_note  text CHECK (length(paid_outside_note) <= 200),
  created_by         uuid,
  created_by_name    text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (subject_id = person_id OR subject_id = household_id),
  CHECK (kind = 'monthly' OR to_month = from_month),
  CHECK (paid_outside_on IS NULL OR kind = 'grant'),
  CHECK (superseded_by IS NULL OR superseded_at IS NOT NULL)
);
CREATE INDEX payments_entitlement_series ON payments_entitlement (source_module, source_id, series_version);
-- Roll generation reads the current rows of one programme inside one county.
CREATE INDEX payments_entitlement_current ON payments_entitlement (programme, region_code) WHERE superseded_at IS NULL;
CREATE INDEX payments_entitlement_subject ON payments_entitlement (subject_id, programme, from_month);
CREATE INDEX payments_entitlement_person ON payments_entitlement (person_id) WHERE person_id IS NOT NULL;
-- A one-off grant is current once per source; a second decision replaces it until it is paid.
CREATE UNIQUE INDEX payments_entitlement_one_grant ON payments_entitlement (source_module, source_id) WHERE kind = 'grant' AND superseded_at IS NULL;

-- Rows are immutable: the only change allowed is marking a current row superseded, once.
CREATE FUNCTION payments_entitlement_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION '待遇记录不能删除，只能以新版本替代' USING ERRCODE = 'P0001';
  END IF;
  IF OLD.superseded_at IS NOT NULL OR NEW.superseded_at IS NULL
     OR (to_jsonb(NEW) - 'superseded_at' - 'superseded_by') IS DISTINCT FROM (to_jsonb(OLD) - 'superseded_at' - 'superseded_by') THEN
    RAISE EXCEPTION '待遇记录不能修改，只能以新版本替代' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER payments_entitlement_immutable BEFORE UPDATE OR DELETE ON payments_entitlement
  FOR EACH ROW EXECUTE FUNCTION payments_entitlement_immutable();

ALTER TABLE payments_entitlement ENABLE ROW LEVEL SECURITY;
CREATE POLICY payments_entitlement_scope ON payments_entitlement TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE DELETE, TRUNCATE ON payments_entitlement FROM mz_app;

-- Subjects whose entitlement changed from a month on: the next roll of their programme compares,
-- for each month from there up to the month before its own, what is owed now with what was
-- accounted for, and writes 补发/追回 lines for the difference. A row is claimed by the draft roll
-- that reads it (roll_id) and removed when that roll is approved; a change recorded after the
-- roll was generated stays for the next one.
CREATE TABLE payments_recalc (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  programme   text COLLATE "C" NOT NULL,
  subject_id  uuid NOT NULL,
  region_code varchar(12) NOT NULL REFERENCES region (code),
  from_month  date NOT NULL,
  roll_id     uuid,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_recalc_pending ON payments_recalc (programme, region_code);
CREATE INDEX payments_recalc_roll ON payments_recalc (roll_id) WHERE roll_id IS NOT NULL;
ALTER TABLE payments_recalc ENABLE ROW LEVEL SECURITY;
CREATE POLICY payments_recalc_scope ON payments_recalc TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());

-- 一次性发放 definitions (节日生活补贴, 物价补贴): declarative, read by the counties below.
CREATE TABLE payments_run (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind            text NOT NULL CHECK (kind IN ('holiday', 'price_subsidy')),
  name            text NOT NULL CHECK (length(name) BETWEEN 2 AND 100),
  programmes      text[] COLLATE "C" NOT NULL CHECK (cardinality(programmes) BETWEEN 1 AND 20),
  basis           text NOT NULL CHECK (basis IN ('person', 'household')),
  amount_fen      bigint NOT NULL CHECK (amount_fen > 0),
  month           date NOT NULL CHECK (extract(day FROM month) = 1),
  -- Price subsidy: indicator, threshold, observed figure, its month and source, as entered.
  trigger         jsonb,
  note            text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  region_code     varchar(12) NOT NULL REFERENCES region (code),
  created_by      uuid,
  created_by_name text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'price_subsidy') = (trigger IS NOT NULL))
);
ALTER TABLE payments_run ENABLE ROW LEVEL SECURITY;
CREATE POLICY payments_run_read ON payments_run FOR SELECT TO mz_app
  USING ((region_code >= mz_scope_from() AND region_code < mz_scope_to()) OR payments_region_covers(region_code, mz_scope_from()));
CREATE POLICY payments_run_insert ON payments_run FOR INSERT TO mz_app
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE UPDATE, DELETE, TRUNCATE ON payments_run FROM mz_app;

-- 发放批次: one programme's payments for one county and month (regular), a county's share of a
-- one-off run, or a follow-up batch reissuing failed transfers. region_code is the county.
CREATE TABLE payments_roll (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  roll_no            text NOT NULL UNIQUE,
  kind               text NOT NULL CHECK (kind IN ('regular', 'run', 'reissue')),
  programme          text COLLATE "C",
  run_id             uuid REFERENCES payments_run (id),
  reissue_of_roll_id uuid REFERENCES payments_roll (id),
  region_code        varchar(12) NOT NULL REFERENCES region (code),
  month              date NOT NULL CHECK (extract(day FROM month) = 1),
  state              text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'reviewed', 'approved', 'exported', 'returned', 'reconciled')),
  version            integer NOT NULL DEFAULT 1,
  line_count         integer NOT NULL DEFAULT 0,
  person_count       integer NOT NULL DEFAULT 0,
  household_count    integer NOT NULL DEFAULT 0,
  -- Payable: every line but recoveries, i.e. what the bank file carries.
  amount_fen         bigint NOT NULL DEFAULT 0,
  -- Recoveries recorded by this roll (≤ 0): receivables, never in the bank file.
  recovery_fen       bigint NOT NULL DEFAULT 0 CHECK (recovery_fen <= 0),
  paid_fen           bigint,
  failed_fen         bigint,
  generated_at       timestamptz NOT NULL DEFAULT now(),
  generated_by       uuid,
  generated_by_name  text,
  reviewed_by        uuid,
  approved_by        uuid,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'regular') <= (programme IS NOT NULL)),
  CHECK ((kind = 'run') = (run_id IS NOT NULL)),
  CHECK ((kind = 'reissue') = (reissue_of_roll_id IS NOT NULL)),
  CHECK (region_code ~ '^\d{6}000000$')
);
CREATE UNIQUE INDEX payments_roll_regular ON payments_roll (programme, region_code, month) WHERE kind = 'regular';
CREATE UNIQUE INDEX payments_roll_run ON payments_roll (run_id, region_code) WHERE kind = 'run';
CREATE INDEX payments_roll_region ON payments_roll (region_code, month);
ALTER TABLE payments_roll ENABLE ROW LEVEL SECURITY;
-- A township reads the header of its county's roll (number, month, state: no personal data), so
-- its own beneficiaries' lines can say which roll paid them; only the county and above act on it.
CREATE POLICY payments_roll_read ON payments_roll FOR SELECT TO mz_app
  USING ((region_code >= mz_scope_from() AND region_code < mz_scope_to()) OR payments_region_covers(region_code, mz_scope_from()));
CREATE POLICY payments_roll_insert ON payments_roll FOR INSERT TO mz_app
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
CREATE POLICY payments_roll_update ON payments_roll FOR UPDATE TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
CREATE POLICY payments_roll_delete ON payments_roll FOR DELETE TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE TRUNCATE ON payments_roll FROM mz_app;

-- Every step of a roll, append-only: who generated, reviewed, approved, exported, returned it.
CREATE TABLE payments_roll_event (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  roll_id     uuid NOT NULL,
  region_code varchar(12) NOT NULL,
  action      text NOT NULL,
  from_state  text,
  to_state    text,
  actor_id    uuid,
  actor_name  text,
  opinion     text CHECK (length(opinion) <= 500),
  detail      jsonb,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_roll_event_roll ON payments_roll_event (roll_id, id);
ALTER TABLE payments_roll_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY payments_roll_event_scope ON payments_roll_event TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE UPDATE, DELETE, TRUNCATE ON payments_roll_event FROM mz_app;

-- 发放明细: the ledger. A line is never updated; a draft's lines are replaced as a whole when
-- it is regenerated, and after the draft they are fixed.
--
-- No foreign keys here on purpose: a per-row foreign-key check costs as much as the insert itself
-- on a million-line roll. The roll is checked once per statement by the trigger below; the
-- beneficiary, payee and region come from an entitlement row, whose keys were checked when it was
-- recorded.
CREATE TABLE payments_line (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  roll_id         uuid NOT NULL,
  line_no         integer NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('regular', 'grant', 'run', 'backpay', 'recovery', 'offset', 'reissue')),
  programme       text COLLATE "C" NOT NULL,
  -- The month the money is for (a 补发 or 追回 carries the earlier month it corrects).
  period          date NOT NULL,
  subject_id      uuid NOT NULL,
  person_id       uuid,
  household_id    uuid,
  payee_person_id uuid NOT NULL,
  person_count    smallint NOT NULL,
  region_code     varchar(12) NOT NULL,
  amount_fen      bigint NOT NULL,
  entitlement_id  uuid,
  run_id          uuid,
  reissue_of      bigint,
  recovery_of     bigint,
  reason          text,
  CHECK (CASE kind WHEN 'recovery' THEN amount_fen < 0 WHEN 'offset' THEN amount_fen < 0 WHEN 'reissue' THEN amount_fen <> 0 ELSE amount_fen > 0 END),
  CHECK ((kind = 'reissue') = (reissue_of IS NOT NULL)),
  CHECK ((kind = 'offset') = (recovery_of IS NOT NULL)),
  CHECK ((kind = 'run') = (run_id IS NOT NULL)),
  CHECK (kind IN ('run', 'reissue') OR entitlement_id IS NOT NULL)
);
-- No double pay: one regular line per beneficiary, programme and month, whatever roll it is in.
-- Keyed month first: a new month's lines, written in beneficiary order, append at the end of the
-- index instead of touching every leaf of every earlier month (a county pays the same million
-- people each month).
CREATE UNIQUE INDEX payments_line_no_double_pay ON payments_line (programme, period, subject_id) WHERE kind = 'regular';
-- A one-off grant is paid once; a run pays each beneficiary once; a failed line is reissued once.
CREATE UNIQUE INDEX payments_line_grant_once ON payments_line (entitlement_id) WHERE kind = 'grant';
CREATE UNIQUE INDEX payments_line_run_once ON payments_line (run_id, subject_id) WHERE kind = 'run';
CREATE UNIQUE INDEX payments_line_reissue_once ON payments_line (reissue_of) WHERE reissue_of IS NOT NULL;
CREATE UNIQUE INDEX payments_line_roll ON payments_line (roll_id, line_no);
-- Everything but the regular line (few rows): what settlement, recovery and history read.
CREATE INDEX payments_line_subject_other ON payments_line (subject_id, programme, period) WHERE kind <> 'regular';
CREATE INDEX payments_line_recoveries ON payments_line (programme, region_code) WHERE kind = 'recovery';
CREATE INDEX payments_line_offsets ON payments_line (recovery_of) WHERE recovery_of IS NOT NULL;

-- Lines may be written or removed only while their roll is a draft (checked once per statement).
CREATE FUNCTION payments_line_guard() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION '发放明细不能修改；更正请通过补发、追回或重新生成草稿' USING ERRCODE = 'P0001';
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF EXISTS (SELECT 1 FROM (SELECT DISTINCT roll_id FROM new_lines) n LEFT JOIN payments_roll r ON r.id = n.roll_id
               WHERE r.id IS NULL OR r.state <> 'draft') THEN
      RAISE EXCEPTION '只能向草稿状态的发放表写入明细' USING ERRCODE = 'P0001';
    END IF;
  ELSE
    IF EXISTS (SELECT 1 FROM (SELECT DISTINCT roll_id FROM old_lines) o JOIN payments_roll r ON r.id = o.roll_id WHERE r.state <> 'draft') THEN
      RAISE EXCEPTION '已复核的发放表明细不能删除' USING ERRCODE = 'P0001';
    END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER payments_line_insert AFTER INSERT ON payments_line REFERENCING NEW TABLE AS new_lines
  FOR EACH STATEMENT EXECUTE FUNCTION payments_line_guard();
CREATE TRIGGER payments_line_delete AFTER DELETE ON payments_line REFERENCING OLD TABLE AS old_lines
  FOR EACH STATEMENT EXECUTE FUNCTION payments_line_guard();
CREATE TRIGGER payments_line_update BEFORE UPDATE ON payments_line
  FOR EACH STATEMENT EXECUTE FUNCTION payments_line_guard();

ALTER TABLE payments_line ENABLE ROW LEVEL SECURITY;
CREATE POLICY payments_line_scope ON payments_line TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE UPDATE, TRUNCATE ON payments_line FROM mz_app;

-- Control totals at every level of the region tree: province, city and county rows (the whole
-- roll), each township and each village with lines.
CREATE TABLE payments_roll_total (
  roll_id      uuid NOT NULL REFERENCES payments_roll (id) ON DELETE CASCADE,
  region_code  varchar(12) NOT NULL,
  level        smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  lines        integer NOT NULL,
  persons      integer NOT NULL,
  households   integer NOT NULL,
  amount_fen   bigint NOT NULL,
  recovery_fen bigint NOT NULL,
  PRIMARY KEY (roll_id, region_code)
);
ALTER TABLE payments_roll_total ENABLE ROW LEVEL SECURITY;
-- Totals follow their roll (aggregates, no personal data); written only by whoever may write the roll.
CREATE POLICY payments_roll_total_read ON payments_roll_total FOR SELECT TO mz_app
  USING (EXISTS (SELECT 1 FROM payments_roll r WHERE r.id = roll_id));
CREATE POLICY payments_roll_total_write ON payments_roll_total FOR ALL TO mz_app
  USING (EXISTS (SELECT 1 FROM payments_roll r WHERE r.id = roll_id AND r.region_code >= mz_scope_from() AND r.region_code < mz_scope_to()))
  WITH CHECK (EXISTS (SELECT 1 FROM payments_roll r WHERE r.id = roll_id AND r.region_code >= mz_scope_from() AND r.region_code < mz_scope_to()));
REVOKE TRUNCATE ON payments_roll_total FROM mz_app;

-- The database's own check of a roll: at every change of state the header must equal the sum of
-- its lines and the county row of its totals tree, and the step must be one the workflow has.
CREATE FUNCTION payments_roll_check() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  n integer; amt bigint; rec bigint; persons integer; households integer;
  t payments_roll_total%ROWTYPE;
BEGIN
  IF NEW.state IS NOT DISTINCT FROM OLD.state THEN
    IF OLD.state <> 'draft' AND (NEW.line_count, NEW.amount_fen, NEW.recovery_fen, NEW.person_count, NEW.household_count)
         IS DISTINCT FROM (OLD.line_count, OLD.amount_fen, OLD.recovery_fen, OLD.person_count, OLD.household_count) THEN
      RAISE EXCEPTION '已复核的发放表合计不能修改' USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
  END IF;
  IF (OLD.state, NEW.state) NOT IN (('draft', 'reviewed'), ('reviewed', 'approved'), ('reviewed', 'draft'), ('approved', 'draft'),
                                     ('approved', 'exported'), ('exported', 'returned'), ('returned', 'reconciled')) THEN
    RAISE EXCEPTION '发放表状态不能从 % 变为 %', OLD.state, NEW.state USING ERRCODE = 'P0001';
  END IF;
  SELECT count(*), coalesce(sum(amount_fen) FILTER (WHERE kind <> 'recovery'), 0), coalesce(sum(amount_fen) FILTER (WHERE kind = 'recovery'), 0),
         coalesce(sum(person_count), 0), count(DISTINCT household_id)
    INTO n, amt, rec, persons, households FROM payments_line WHERE roll_id = NEW.id;
  IF (n, amt, rec, persons, households) IS DISTINCT FROM (NEW.line_count, NEW.amount_fen, NEW.recovery_fen, NEW.person_count, NEW.household_count) THEN
    RAISE EXCEPTION '发放表合计与明细不符（明细 % 条 % 分，表头 % 条 % 分）', n, amt, NEW.line_count, NEW.amount_fen USING ERRCODE = 'P0001';
  END IF;
  SELECT * INTO t FROM payments_roll_total WHERE roll_id = NEW.id AND region_code = NEW.region_code;
  IF n > 0 AND (t.roll_id IS NULL OR (t.lines, t.amount_fen, t.recovery_fen, t.persons, t.households) IS DISTINCT FROM (n, amt, rec, persons, households)) THEN
    RAISE EXCEPTION '发放表分级汇总与明细不符' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER payments_roll_check BEFORE UPDATE ON payments_roll FOR EACH ROW EXECUTE FUNCTION payments_roll_check();

-- Preset roles: clerks prepare rolls and carry the bank files; reviewers review; approvers approve,
-- reconcile and declare one-off runs and bank formats; the read-only role reads.
UPDATE iam_role SET permissions = permissions || ARRAY['payments.read', 'payments.prepare', 'payments.export'] WHERE code = 'clerk' AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY['payments.read', 'payments.review'] WHERE code = 'reviewer' AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY['payments.read', 'payments.approve'] WHERE code = 'approver' AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY['payments.read'] WHERE code = 'auditor' AND preset;
