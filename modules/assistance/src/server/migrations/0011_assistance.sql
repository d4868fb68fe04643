-- 社会救助 (低保, 特困供养, 临时救助): policy parameters, cases (the business side of a workflow
-- case) and the county's 特困 spot-check draws.

-- Whether `code` lies in the subtree of `ancestor` (or is it): the significant prefix of the
-- ancestor (2/4/6/9/12 digits by its trailing zeros) starts the code. Used by the parameter
-- policy, where a township must read the standards its county, city and province set.
CREATE FUNCTION assistance_region_covers(ancestor text, code text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT left(code, n) = left(ancestor, n) FROM (SELECT CASE
    WHEN right(ancestor, 10) = '0000000000' THEN 2
    WHEN right(ancestor, 8) = '00000000' THEN 4
    WHEN right(ancestor, 6) = '000000' THEN 6
    WHEN right(ancestor, 3) = '000' THEN 9
    ELSE 12 END AS n) s
$$;

-- 政策参数: effective-dated rows per region, a lower level overriding a higher one. A row is never
-- edited: a new row supersedes it from its own date, so every breakdown that cited a row id can
-- still be explained and a retroactive change shows as a new row, not a silent edit.
CREATE TABLE assistance_policy_param (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code     varchar(12) NOT NULL REFERENCES region (code),
  key             text NOT NULL CHECK (key ~ '^[a-z][A-Za-z0-9_.]{1,79}$'),
  -- Numbers (fen, ratios, counts, days) and words ('county'|'township') alike; the catalog says which.
  value           jsonb NOT NULL,
  effective_from  date NOT NULL,
  note            text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  created_by      uuid,
  created_by_name text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (region_code, key, effective_from)
);
CREATE INDEX assistance_policy_param_key ON assistance_policy_param (key, region_code, effective_from);

ALTER TABLE assistance_policy_param ENABLE ROW LEVEL SECURITY;
-- Read: own subtree, and the ancestors' rows the own region inherits (a township resolves the
-- province's standard). Write: own subtree only.
CREATE POLICY assistance_policy_param_read ON assistance_policy_param FOR SELECT TO mz_app
  USING ((region_code >= mz_scope_from() AND region_code < mz_scope_to()) OR assistance_region_covers(region_code, mz_scope_from()));
CREATE POLICY assistance_policy_param_insert ON assistance_policy_param FOR INSERT TO mz_app
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE UPDATE, DELETE, TRUNCATE ON assistance_policy_param FROM mz_app;

-- Case numbers: DB-220105-2026-000001, one sequence per programme, county and year. The counter
-- row is locked by the upsert, so two clerks filing at once get consecutive numbers, never one twice.
CREATE TABLE assistance_case_counter (
  programme   text NOT NULL,
  county_code varchar(6) NOT NULL,
  year        smallint NOT NULL,
  last_no     integer NOT NULL,
  PRIMARY KEY (programme, county_code, year)
);
ALTER TABLE assistance_case_counter ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON assistance_case_counter FROM mz_app;
-- The counter spans the county while a village clerk's scope is the village: the one operation the
-- app role needs is "next number", through this function, which reads nothing else.
CREATE FUNCTION assistance_next_case_no(prog text, county text, yr integer) RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO assistance_case_counter AS c (programme, county_code, year, last_no) VALUES (prog, county, yr, 1)
  ON CONFLICT (programme, county_code, year) DO UPDATE SET last_no = c.last_no + 1
  RETURNING last_no
$$;
REVOKE EXECUTE ON FUNCTION assistance_next_case_no(text, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assistance_next_case_no(text, text, integer) TO mz_app;

-- The business side of a workflow case (state, version, events, decisions live in workflow_case /
-- workflow_decision). Rows are created only by the application service together with their
-- workflow case in state 'applied': there is no path that inserts a case already approved or in
-- payment (rules §1.7 — every benefit goes through acceptance, investigation, review and a
-- decision). The foreign key to workflow_case, whose rows only the engine's createCase writes in
-- the definition's initial state, is what holds this in the database too.
CREATE TABLE assistance_case (
  id                  uuid PRIMARY KEY REFERENCES workflow_case (id),
  programme           text NOT NULL CHECK (programme IN ('dibao', 'tekun', 'linshi')),
  household_id        uuid REFERENCES registry_household (id),
  applicant_person_id uuid NOT NULL REFERENCES registry_person (id),
  -- 特困 subject, or the person of a 临时救助 filed without a household.
  person_id           uuid REFERENCES registry_person (id),
  -- The household's village, or for 临时救助 where the emergency happened (急难发生地).
  region_code         varchar(12) NOT NULL REFERENCES region (code),
  -- Masked copies for lists: a 临时救助 applicant may live outside the handling township's
  -- jurisdiction, where row-level security hides the registry record from its officials.
  applicant_name      text NOT NULL,
  applicant_id_masked varchar(18) NOT NULL,
  -- The validated application. Persons appear by id only; ID numbers never enter this column.
  application         jsonb NOT NULL,
  -- Latest recorded economic situation (declared at filing, replaced by the investigation's).
  economics           jsonb,
  breakdown           jsonb,
  -- Monthly amount (低保, 特困) or the grant (临时救助); calculated until a decision fixes it.
  amount_fen          bigint CHECK (amount_fen >= 0),
  amount_override_reason text,
  start_month         varchar(7) CHECK (start_month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  -- First month no longer paid (停保, 终止供养, end of 渐退).
  stop_month          varchar(7) CHECK (stop_month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  covered_person_ids  uuid[] NOT NULL DEFAULT '{}',
  tier                text CHECK (tier IN ('self', 'semi', 'full')),
  care_mode           text CHECK (care_mode IN ('centralized', 'dispersed')),
  linshi_type         text CHECK (linshi_type IN ('emergency', 'expenditure')),
  advance_paid_fen    bigint CHECK (advance_paid_fen >= 0),
  recheck_due_on      date,
  created_by          uuid,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK ((programme = 'tekun') <= (person_id IS NOT NULL)),
  CHECK ((programme = 'dibao') <= (household_id IS NOT NULL)),
  CHECK ((programme = 'linshi') = (linshi_type IS NOT NULL)),
  CHECK (household_id IS NOT NULL OR person_id IS NOT NULL)
);
CREATE INDEX assistance_case_region ON assistance_case (region_code, programme);
CREATE INDEX assistance_case_household ON assistance_case (household_id) WHERE household_id IS NOT NULL;
CREATE INDEX assistance_case_person ON assistance_case (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX assistance_case_applicant ON assistance_case (applicant_person_id);

-- The database's own part of that rule: a business row may only join a case the engine has just
-- opened (still in 'applied', version 1, no decision), and what a case is about never changes
-- afterwards. Any other writer — a script, a future route — is refused here, not trusted.
CREATE FUNCTION assistance_case_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM workflow_case w WHERE w.id = NEW.id AND w.state = 'applied' AND w.version = 1)
       OR EXISTS (SELECT 1 FROM workflow_decision d WHERE d.case_id = NEW.id) THEN
      RAISE EXCEPTION '救助案件只能通过申请登记产生，不能直接创建已受理、已批准或发放中的案件' USING ERRCODE = 'P0001';
    END IF;
  ELSIF (NEW.id, NEW.programme, NEW.household_id, NEW.applicant_person_id, NEW.person_id, NEW.region_code, NEW.application)
        IS DISTINCT FROM (OLD.id, OLD.programme, OLD.household_id, OLD.applicant_person_id, OLD.person_id, OLD.region_code, OLD.application) THEN
    RAISE EXCEPTION '救助案件的申请对象、所属区划和申请内容登记后不能修改' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER assistance_case_guard BEFORE INSERT OR UPDATE ON assistance_case FOR EACH ROW EXECUTE FUNCTION assistance_case_guard();

ALTER TABLE assistance_case ENABLE ROW LEVEL SECURITY;
CREATE POLICY assistance_case_scope ON assistance_case TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
-- A case is ended by its workflow (终止), never deleted: its decisions explain payments made.
REVOKE DELETE, TRUNCATE ON assistance_case FROM mz_app;

-- 特困 随机抽查 (特困办法第十六条: the county checks at least 30% of cases at random). Each draw
-- is kept with its pool and sample, so an inspector can see it was random and large enough.
CREATE TABLE assistance_spot_check (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The county (12-digit code) whose pending cases formed the pool.
  region_code    varchar(12) NOT NULL REFERENCES region (code),
  drawn_at       timestamptz NOT NULL DEFAULT now(),
  drawn_by       uuid,
  drawn_by_name  text,
  pool_size      integer NOT NULL CHECK (pool_size >= 0),
  sample_case_ids uuid[] NOT NULL,
  CHECK (cardinality(sample_case_ids) <= pool_size)
);
CREATE INDEX assistance_spot_check_region ON assistance_spot_check (region_code, drawn_at);
ALTER TABLE assistance_spot_check ENABLE ROW LEVEL SECURITY;
CREATE POLICY assistance_spot_check_scope ON assistance_spot_check TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE UPDATE, DELETE, TRUNCATE ON assistance_spot_check FROM mz_app;

-- Preset roles: every casework role reads cases (masked); clerks file applications; clerks,
-- reviewers and approvers take the workflow steps their level and role allow (the workflow
-- definitions narrow it further); approvers (county and above) keep the policy parameters and
-- the near-kin register and run supervision (overdue lists, 特困 spot checks); the read-only
-- role only reads.
UPDATE iam_role SET permissions = permissions || ARRAY['assistance.read', 'assistance.apply', 'assistance.handle'] WHERE code = 'clerk' AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY['assistance.read', 'assistance.handle'] WHERE code = 'reviewer' AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY['assistance.read', 'assistance.handle', 'assistance.params', 'assistance.supervise'] WHERE code = 'approver' AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY['assistance.read'] WHERE code = 'auditor' AND preset;
