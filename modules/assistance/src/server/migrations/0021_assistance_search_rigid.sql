-- Case lists searched by the applicant's ID number. The number is stored only encrypted with a
-- keyed hash beside it (registry), so "find the case of 2201…" is an equality on that hash. The
-- applicant of a 临时救助 filed where the emergency happened may be registered in another
-- jurisdiction, whose person rows the handling township cannot read under row-level security; so
-- the lookup runs here, as definer, and answers only with ids of cases inside the caller's own
-- scope — which the caller could list anyway — never a person, a name or a region.
CREATE FUNCTION assistance_cases_by_id_hash(hash_in text) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  WITH holder AS (
    -- The holder of the number, and any duplicate record merged into it (old cases may cite that one).
    SELECT p.id FROM registry_person p WHERE p.id_hash = hash_in
    UNION
    SELECT d.id FROM registry_person d JOIN registry_person p ON d.merged_into = p.id WHERE p.id_hash = hash_in
  )
  SELECT a.id FROM assistance_case a JOIN holder h ON a.applicant_person_id = h.id
  WHERE a.region_code >= mz_scope_from() AND a.region_code < mz_scope_to()
  UNION
  SELECT a.id FROM assistance_case a JOIN holder h ON a.person_id = h.id
  WHERE a.region_code >= mz_scope_from() AND a.region_code < mz_scope_to()
$$;
REVOKE EXECUTE ON FUNCTION assistance_cases_by_id_hash(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assistance_cases_by_id_hash(text) TO mz_app;

-- 刚性支出困难家庭 (刚性支出困难家庭认定办法, 2025): the county's recognitions, a register of its
-- own because the category must be flagged separately (第十一条). One recognition in force per
-- household; each stands at most 12 months (第十条), then the family applies again. Rows are not
-- deleted, and what a recognition says never changes: only its end is written.
CREATE TABLE assistance_rigid_family (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  household_id        uuid NOT NULL REFERENCES registry_household (id),
  region_code         varchar(12) NOT NULL REFERENCES region (code) CHECK (region_code ~ '^[0-9]{12}$'),
  head_name           text NOT NULL CHECK (length(head_name) BETWEEN 1 AND 50),
  head_id_masked      varchar(18) NOT NULL,
  household_size      integer NOT NULL CHECK (household_size >= 1),
  hukou_type          text NOT NULL CHECK (hukou_type IN ('urban', 'rural')),
  applied_on          date NOT NULL,
  recognised_on       date NOT NULL,
  -- applied_on + the county's working days (第八条), fixed when recognised.
  decision_due_on     date NOT NULL,
  annual_income_fen   bigint NOT NULL CHECK (annual_income_fen >= 0),
  spending_fen        bigint NOT NULL CHECK (spending_fen >= 0),
  spending_share      text NOT NULL CHECK (spending_share ~ '^\d+(\.\d+)?$'),
  -- The whole test as the rule made it (items, parameter rows, rule version).
  assessment          jsonb NOT NULL,
  application         jsonb NOT NULL,
  valid_until         date NOT NULL,
  note                text CHECK (length(note) <= 500),
  recognised_by       uuid,
  recognised_by_name  text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  ended_on            date,
  ended_reason        text CHECK (length(ended_reason) <= 200),
  ended_by            uuid,
  ended_by_name       text,
  CHECK (recognised_on >= applied_on),
  CHECK (valid_until >= recognised_on),
  CHECK ((ended_on IS NULL) = (ended_reason IS NULL)),
  CHECK (ended_on IS NULL OR ended_on >= recognised_on)
);
CREATE UNIQUE INDEX assistance_rigid_family_current ON assistance_rigid_family (household_id) WHERE ended_on IS NULL;
CREATE INDEX assistance_rigid_family_region ON assistance_rigid_family (region_code, recognised_on);

ALTER TABLE assistance_rigid_family ENABLE ROW LEVEL SECURITY;
CREATE POLICY assistance_rigid_family_scope ON assistance_rigid_family TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE DELETE, TRUNCATE ON assistance_rigid_family FROM mz_app;

CREATE FUNCTION assistance_rigid_family_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.id, NEW.household_id, NEW.region_code, NEW.applied_on, NEW.recognised_on, NEW.decision_due_on, NEW.annual_income_fen,
      NEW.spending_fen, NEW.spending_share, NEW.assessment, NEW.application, NEW.valid_until)
     IS DISTINCT FROM (OLD.id, OLD.household_id, OLD.region_code, OLD.applied_on, OLD.recognised_on, OLD.decision_due_on, OLD.annual_income_fen,
      OLD.spending_fen, OLD.spending_share, OLD.assessment, OLD.application, OLD.valid_until)
     OR (OLD.ended_on IS NOT NULL AND NEW.ended_on IS DISTINCT FROM OLD.ended_on) THEN
    RAISE EXCEPTION '刚性支出困难家庭认定登记后不能修改，只能终止' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER assistance_rigid_family_guard BEFORE UPDATE ON assistance_rigid_family FOR EACH ROW EXECUTE FUNCTION assistance_rigid_family_guard();
