-- 低保 dynamic management and neighbouring rules: one member's share stopped after three refused
-- jobs (低保办法第三十四条), the re-check after a member's death (2022通知一(三)), 低保边缘家庭
-- recognition (低保办法第八条第二款; 2022通知一(四)), and finding the registry record of a person
-- from elsewhere who applies for 临时救助 where the emergency happened (救助法第三十七条第二款).

-- Members whose own share is stopped: [{ personId, name, fromMonth, reason, decidedOn }]. Kept
-- beside the economics (which a new investigation replaces) so a recomputation never restores it.
ALTER TABLE assistance_case ADD COLUMN excluded_members jsonb NOT NULL DEFAULT '[]'::jsonb
  CHECK (jsonb_typeof(excluded_members) = 'array');
-- The day of the latest 复核 (its `checkedOn`): a death on or before it has been re-checked.
ALTER TABLE assistance_case ADD COLUMN last_rechecked_on date;

-- Deaths that still call for a re-check, one row per case and deceased member: a covered member,
-- or a member of the household when the case was filed (their income was counted), who has died
-- — the covered ones whenever the registry learnt of it, the others after filing (a member already
-- dead then was never counted) — and no 复核 dated on or after the death since. Only cases in
-- payment (保障中, 暂停发放, 渐退期): a closed case has nothing left to re-check.
--
-- Set-based over the registry tables, so lists, the worklist and the case page read the same rows
-- with one join. A view runs with its owner's rights, which is what lets the township see the
-- death of a covered member registered elsewhere (人户分离); so the view carries the scope itself:
-- only cases in the caller's published jurisdiction, nothing outside a scoped transaction, and of
-- the person only name and death date.
CREATE VIEW assistance_death_recheck WITH (security_barrier) AS
SELECT a.id AS case_id, p.id AS person_id, p.name AS person_name, p.death_date,
       (p.death_date + interval '3 months')::date AS due_on
FROM assistance_case a
JOIN workflow_case w ON w.id = a.id
CROSS JOIN LATERAL (
  SELECT c.person_id FROM unnest(a.covered_person_ids) AS c(person_id)
  UNION
  SELECT m.person_id FROM registry_household_member m
  WHERE m.household_id = a.household_id
    AND m.valid_from <= (w.created_at AT TIME ZONE 'Asia/Shanghai')::date
    AND (m.valid_to IS NULL OR m.valid_to > (w.created_at AT TIME ZONE 'Asia/Shanghai')::date)
) s
JOIN registry_person p ON p.id = s.person_id
WHERE a.programme = 'dibao'
  AND w.state IN ('in_payment', 'suspended', 'tapering')
  AND p.status = 'deceased'
  AND (p.id = ANY (a.covered_person_ids) OR p.death_date >= (w.created_at AT TIME ZONE 'Asia/Shanghai')::date)
  AND (a.last_rechecked_on IS NULL OR a.last_rechecked_on < p.death_date)
  AND a.region_code >= mz_scope_from() AND a.region_code < mz_scope_to();
REVOKE ALL ON assistance_death_recheck FROM mz_app;
GRANT SELECT ON assistance_death_recheck TO mz_app;

-- 低保边缘家庭. One current recognition per household: a new one ends the previous (superseded),
-- and admission to 低保 ends it. Rows are not deleted: a recognition explains benefits granted on
-- it (单人保, other programmes that look for 边缘家庭) after it has ended.
CREATE TABLE assistance_edge_family (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  household_id        uuid NOT NULL REFERENCES registry_household (id),
  -- The household's region when recognised: who keeps the record, and who may see it.
  region_code         varchar(12) NOT NULL REFERENCES region (code) CHECK (region_code ~ '^[0-9]{12}$'),
  -- Masked copies for the list (the head may live outside the reader's jurisdiction).
  head_name           text NOT NULL CHECK (length(head_name) BETWEEN 1 AND 50),
  head_id_masked      varchar(18) NOT NULL,
  household_size      integer NOT NULL CHECK (household_size >= 1),
  recognised_on       date NOT NULL,
  -- The income test as the calculator made it (低保办法第八条第二款).
  per_capita_income_fen bigint NOT NULL CHECK (per_capita_income_fen >= 0),
  edge_multiplier     text NOT NULL CHECK (edge_multiplier ~ '^\d+(\.\d+)?$'),
  standard_fen        bigint NOT NULL CHECK (standard_fen > 0),
  hukou_type          text NOT NULL CHECK (hukou_type IN ('urban', 'rural')),
  breakdown           jsonb NOT NULL,
  source              text NOT NULL CHECK (source IN ('dibao_refused', 'dibao_terminated', 'single_person', 'direct')),
  source_case_id      uuid REFERENCES assistance_case (id),
  valid_until         date NOT NULL,
  note                text CHECK (length(note) <= 500),
  recognised_by       uuid,
  recognised_by_name  text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  ended_on            date,
  ended_reason        text CHECK (length(ended_reason) <= 200),
  ended_by            uuid,
  ended_by_name       text,
  CHECK (valid_until >= recognised_on),
  CHECK ((source = 'direct') = (source_case_id IS NULL)),
  CHECK ((ended_on IS NULL) = (ended_reason IS NULL)),
  CHECK (ended_on IS NULL OR ended_on >= recognised_on)
);
CREATE UNIQUE INDEX assistance_edge_family_current ON assistance_edge_family (household_id) WHERE ended_on IS NULL;
CREATE INDEX assistance_edge_family_region ON assistance_edge_family (region_code, recognised_on);

ALTER TABLE assistance_edge_family ENABLE ROW LEVEL SECURITY;
CREATE POLICY assistance_edge_family_scope ON assistance_edge_family TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE DELETE, TRUNCATE ON assistance_edge_family FROM mz_app;

-- What a recognition says never changes afterwards; only its end is written.
CREATE FUNCTION assistance_edge_family_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.id, NEW.household_id, NEW.region_code, NEW.recognised_on, NEW.per_capita_income_fen, NEW.edge_multiplier, NEW.standard_fen,
      NEW.breakdown, NEW.source, NEW.source_case_id, NEW.valid_until)
     IS DISTINCT FROM (OLD.id, OLD.household_id, OLD.region_code, OLD.recognised_on, OLD.per_capita_income_fen, OLD.edge_multiplier,
      OLD.standard_fen, OLD.breakdown, OLD.source, OLD.source_case_id, OLD.valid_until)
     OR (OLD.ended_on IS NOT NULL AND NEW.ended_on IS DISTINCT FROM OLD.ended_on) THEN
    RAISE EXCEPTION '低保边缘家庭认定登记后不能修改，只能终止' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER assistance_edge_family_guard BEFORE UPDATE ON assistance_edge_family FOR EACH ROW EXECUTE FUNCTION assistance_edge_family_guard();

-- 临时救助 filed where the emergency happened for a person registered in another jurisdiction:
-- the township may not read that person's record, but must file against it rather than create a
-- second one. Given the keyed hash of the ID number and the name, this answers with the person's id
-- only when both match a living, unmerged record — nothing else, and nothing outside a scoped
-- transaction — so it cannot be used to learn a name, an address or where someone lives. Whether
-- the number is registered at all is the registry's own `registry_id_holder`.
CREATE FUNCTION assistance_person_by_identity(hash_in text, name_in text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT p.id FROM registry_person p
  WHERE p.id_hash = hash_in AND p.name = btrim(name_in) AND p.status = 'alive' AND p.merged_into IS NULL
    AND mz_scope_from() IS NOT NULL
$$;
REVOKE EXECUTE ON FUNCTION assistance_person_by_identity(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assistance_person_by_identity(text, text) TO mz_app;
