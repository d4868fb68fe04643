-- 养老服务 (elderly care), part 1: institutions and community facilities, their beds, residents and
-- staff, and the operators who run them. The columns marked CONTRACT are read by the other parts of
-- the module (quality, assessment, allowances, indicators); change them only with those parts.

-- 养老机构, 日间照料中心, 居家养老服务中心, 老年餐厅, 农村养老服务大院/互助幸福院.
CREATE TABLE elderly_institution (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),                                   -- CONTRACT
  name           text NOT NULL CHECK (length(name) BETWEEN 2 AND 100),                          -- CONTRACT
  kind           text NOT NULL CHECK (kind IN ('care_home', 'day_care', 'home_care_center', 'canteen', 'rural_mutual_aid')), -- CONTRACT
  operator_type  text NOT NULL CHECK (operator_type IN ('public', 'private', 'public_private')), -- CONTRACT 公办/民办/公建民营
  credit_code    varchar(18),
  region_code    varchar(12) NOT NULL REFERENCES region (code),                                 -- CONTRACT
  address        text NOT NULL CHECK (length(address) BETWEEN 2 AND 200),
  longitude      numeric(9, 6) CHECK (longitude BETWEEN 73 AND 136),
  latitude       numeric(8, 6) CHECK (latitude BETWEEN 3 AND 54),
  status         text NOT NULL DEFAULT 'operating' CHECK (status IN ('operating', 'suspended', 'closed')), -- CONTRACT
  -- Current GB/T 37276 grade (一级–五级), written by the quality part when a rating is confirmed.
  grade          smallint CHECK (grade BETWEEN 1 AND 5),                                        -- CONTRACT
  graded_on      date,
  created_by     uuid,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  version        integer NOT NULL DEFAULT 1
);
CREATE INDEX elderly_institution_region ON elderly_institution (region_code, name);
CREATE UNIQUE INDEX elderly_institution_credit_code ON elderly_institution (credit_code) WHERE credit_code IS NOT NULL;
ALTER TABLE elderly_institution ENABLE ROW LEVEL SECURITY;
CREATE POLICY elderly_institution_scope ON elderly_institution TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE DELETE, TRUNCATE ON elderly_institution FROM mz_app;

-- Beds are rows: capacity (total, nursing-type) is counted from the beds in service.
CREATE TABLE elderly_bed (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),                                   -- CONTRACT
  institution_id uuid NOT NULL REFERENCES elderly_institution (id),                             -- CONTRACT
  region_code    varchar(12) NOT NULL REFERENCES region (code),                                 -- CONTRACT (the institution's)
  room           text NOT NULL CHECK (length(room) BETWEEN 1 AND 20),
  bed_no         text NOT NULL CHECK (length(bed_no) BETWEEN 1 AND 10),
  nursing        boolean NOT NULL DEFAULT false,                                                -- CONTRACT 护理型床位
  in_service     boolean NOT NULL DEFAULT true,                                                 -- CONTRACT
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX elderly_bed_label ON elderly_bed (institution_id, room, bed_no);
CREATE INDEX elderly_bed_region ON elderly_bed (region_code) WHERE in_service;
ALTER TABLE elderly_bed ENABLE ROW LEVEL SECURITY;
CREATE POLICY elderly_bed_scope ON elderly_bed TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE DELETE, TRUNCATE ON elderly_bed FROM mz_app;

-- 入住 and 退住: one stay of a registry person in a bed. At most one current stay per bed and per person.
CREATE TABLE elderly_resident (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),                                   -- CONTRACT
  institution_id uuid NOT NULL REFERENCES elderly_institution (id),                             -- CONTRACT
  bed_id         uuid NOT NULL REFERENCES elderly_bed (id),                                     -- CONTRACT
  person_id      uuid NOT NULL REFERENCES registry_person (id),                                 -- CONTRACT
  region_code    varchar(12) NOT NULL REFERENCES region (code),                                 -- CONTRACT (the institution's)
  assessment_id  uuid,                                                                          -- the ability assessment it was admitted on
  checked_in_on  date NOT NULL,                                                                 -- CONTRACT
  checked_out_on date,                                                                          -- CONTRACT (null while resident)
  checkout_reason text CHECK (checkout_reason IN ('returned_home', 'transferred', 'hospital', 'deceased', 'other')),
  note           text CHECK (length(note) <= 500),
  created_by     uuid,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (checked_out_on IS NULL OR checked_out_on >= checked_in_on),
  CHECK ((checked_out_on IS NULL) = (checkout_reason IS NULL))
);
CREATE UNIQUE INDEX elderly_resident_bed_current ON elderly_resident (bed_id) WHERE checked_out_on IS NULL;
CREATE UNIQUE INDEX elderly_resident_person_current ON elderly_resident (person_id) WHERE checked_out_on IS NULL;
CREATE INDEX elderly_resident_institution ON elderly_resident (institution_id, checked_out_on);
ALTER TABLE elderly_resident ENABLE ROW LEVEL SECURITY;
CREATE POLICY elderly_resident_scope ON elderly_resident TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE DELETE, TRUNCATE ON elderly_resident FROM mz_app;

-- Staff; caregivers (养老护理员) with their vocational certificate (职业技能等级).
CREATE TABLE elderly_staff (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id   uuid NOT NULL REFERENCES elderly_institution (id),                           -- CONTRACT
  region_code      varchar(12) NOT NULL REFERENCES region (code),                               -- CONTRACT
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  role             text NOT NULL CHECK (role IN ('caregiver', 'nurse', 'doctor', 'social_worker', 'manager', 'other')), -- CONTRACT
  -- 养老护理员职业技能等级: 五级/初级工 … 一级/高级技师; null = no certificate.
  certificate_level text CHECK (certificate_level IN ('5', '4', '3', '2', '1')),                -- CONTRACT (certified = not null)
  certificate_no   text CHECK (length(certificate_no) <= 40),
  hired_on         date NOT NULL,
  left_on          date,                                                                        -- CONTRACT (null while employed)
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (left_on IS NULL OR left_on >= hired_on),
  CHECK ((certificate_level IS NULL) = (certificate_no IS NULL))
);
CREATE INDEX elderly_staff_institution ON elderly_staff (institution_id) WHERE left_on IS NULL;
ALTER TABLE elderly_staff ENABLE ROW LEVEL SECURITY;
CREATE POLICY elderly_staff_scope ON elderly_staff TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE DELETE, TRUNCATE ON elderly_staff FROM mz_app;

-- Which institution an operator account works for (养老机构经办). Such users see only it.
CREATE TABLE elderly_institution_operator (
  user_id        uuid NOT NULL REFERENCES iam_user (id),                                        -- CONTRACT
  institution_id uuid NOT NULL REFERENCES elderly_institution (id),                             -- CONTRACT
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, institution_id)
);

-- ---------------------------------------------------------------------------------------------
-- 机构与床位 (institution part): registration details, filing (备案) and its documents, the
-- operator role, and the database's share of an operator's confinement to their institution.
-- ---------------------------------------------------------------------------------------------

-- Registration details and the 备案 record. 养老机构 are filed with the county's civil-affairs
-- bureau (《养老机构管理办法》2020 第九条): number, date, and the documents handed in.
ALTER TABLE elderly_institution
  ADD COLUMN legal_person     text CHECK (length(legal_person) BETWEEN 1 AND 50),
  ADD COLUMN contact_name     text CHECK (length(contact_name) BETWEEN 1 AND 50),
  ADD COLUMN contact_phone    text CHECK (contact_phone ~ '^[0-9+()-]{7,20}$'),
  ADD COLUMN opened_on        date,
  ADD COLUMN filing_no        text CHECK (length(filing_no) BETWEEN 1 AND 40),
  ADD COLUMN filed_on         date,
  ADD COLUMN filing_note      text CHECK (length(filing_note) <= 500),
  ADD COLUMN status_reason    text CHECK (length(status_reason) <= 500),
  ADD COLUMN status_changed_on date,
  ADD CONSTRAINT elderly_institution_filing_whole CHECK ((filing_no IS NULL) = (filed_on IS NULL)),
  -- Suspending or closing names why; an operating institution carries no stale reason.
  ADD CONSTRAINT elderly_institution_status_reason CHECK ((status = 'operating') = (status_reason IS NULL));
CREATE UNIQUE INDEX elderly_institution_filing_no ON elderly_institution (filing_no) WHERE filing_no IS NOT NULL;

-- The documents of a filing (备案材料): stored in the database like the departments' files of
-- verification (bytea), so a backup holds everything and no file store is needed for a county.
CREATE TABLE elderly_institution_document (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES elderly_institution (id),
  region_code    varchar(12) NOT NULL REFERENCES region (code),
  kind           text NOT NULL CHECK (kind IN ('filing_form', 'license', 'premises', 'fire_safety', 'food_safety', 'commitment', 'other')),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  file_name      text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  content_type   text NOT NULL CHECK (length(content_type) <= 100),
  size_bytes     integer NOT NULL CHECK (size_bytes > 0),
  sha256         text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  file_data      bytea NOT NULL,
  uploaded_by    uuid,
  uploaded_by_name text,
  uploaded_at    timestamptz NOT NULL DEFAULT now(),
  -- Withdrawn documents stay (the filing history must show what was handed in); lists hide them.
  removed_at     timestamptz
);
CREATE INDEX elderly_institution_document_of ON elderly_institution_document (institution_id) WHERE removed_at IS NULL;
ALTER TABLE elderly_institution_document ENABLE ROW LEVEL SECURITY;
CREATE POLICY elderly_institution_document_scope ON elderly_institution_document TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE DELETE, TRUNCATE ON elderly_institution_document FROM mz_app;

-- What the resident lists show of the person, copied at check-in: a care home admits people
-- registered in other jurisdictions, whose registry rows its operator cannot read. Filled by a
-- trigger, so any writer (other parts' fixtures too) gets them.
ALTER TABLE elderly_resident
  ADD COLUMN person_name      text,
  ADD COLUMN person_id_masked varchar(18),
  ADD COLUMN person_sex       text,
  ADD COLUMN person_birth_date date,
  ADD COLUMN checked_out_by   uuid,
  ADD COLUMN moved_at         timestamptz;
CREATE FUNCTION elderly_resident_person_copy() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  SELECT p.name, p.id_masked, p.sex, p.birth_date INTO NEW.person_name, NEW.person_id_masked, NEW.person_sex, NEW.person_birth_date
  FROM registry_person p WHERE p.id = NEW.person_id;
  RETURN NEW;
END $$;
CREATE TRIGGER elderly_resident_person_copy BEFORE INSERT ON elderly_resident
  FOR EACH ROW WHEN (NEW.person_name IS NULL OR NEW.person_id_masked IS NULL) EXECUTE FUNCTION elderly_resident_person_copy();

-- Last line behind the service's checks: a stay's bed belongs to its institution and is in
-- service when the stay starts or moves, and a bed with someone in it cannot be taken out of
-- service. (Two stays in one bed are the partial unique index's business.)
CREATE FUNCTION elderly_resident_bed_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM elderly_bed b WHERE b.id = NEW.bed_id AND b.institution_id = NEW.institution_id AND b.in_service) THEN
    RAISE EXCEPTION 'bed % is not an in-service bed of institution %', NEW.bed_id, NEW.institution_id
      USING ERRCODE = '23514', CONSTRAINT = 'elderly_resident_bed_in_service';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER elderly_resident_bed_check BEFORE INSERT OR UPDATE OF bed_id ON elderly_resident
  FOR EACH ROW WHEN (NEW.checked_out_on IS NULL) EXECUTE FUNCTION elderly_resident_bed_check();
CREATE FUNCTION elderly_bed_occupied_check() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM elderly_resident r WHERE r.bed_id = NEW.id AND r.checked_out_on IS NULL) THEN
    RAISE EXCEPTION 'bed % is occupied', NEW.id USING ERRCODE = '23514', CONSTRAINT = 'elderly_bed_occupied';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER elderly_bed_occupied_check BEFORE UPDATE OF in_service ON elderly_bed
  FOR EACH ROW WHEN (OLD.in_service AND NOT NEW.in_service) EXECUTE FUNCTION elderly_bed_occupied_check();

-- Staff: why they left, and a phone for the roster.
ALTER TABLE elderly_staff
  ADD COLUMN phone        text CHECK (phone ~ '^[0-9+()-]{7,20}$'),
  ADD COLUMN left_reason  text CHECK (length(left_reason) <= 200);

-- A person's current stay anywhere in the deployment, for the refusal of a second check-in: the
-- institution's name only (the stay may lie outside the caller's jurisdiction), nothing else.
CREATE FUNCTION elderly_current_stay_of(person uuid) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT i.name FROM elderly_resident r JOIN elderly_institution i ON i.id = r.institution_id
  WHERE r.person_id = person AND r.checked_out_on IS NULL LIMIT 1
$$;

-- Operators (养老机构经办) are confined to the institutions they are bound to. The service
-- filters by institution (institutionScopeFor); these restrictive policies make the database
-- refuse the rest too. The bound ids come from a SECURITY DEFINER function (no policy recursion
-- through the operator table); NULL = not an operator = no restriction beyond the region policy.
-- Policies call it through a scalar sub-select, so it runs once per statement, not per row.
CREATE FUNCTION elderly_operator_institutions() RETURNS uuid[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT CASE WHEN count(*) = 0 THEN NULL ELSE array_agg(o.institution_id) END
  FROM elderly_institution_operator o
  WHERE o.user_id::text = current_setting('mz.actor_id', true)
$$;
CREATE POLICY elderly_institution_operator_only ON elderly_institution AS RESTRICTIVE TO mz_app
  USING ((SELECT elderly_operator_institutions()) IS NULL OR id = ANY ((SELECT elderly_operator_institutions())::uuid[]));
CREATE POLICY elderly_bed_operator_only ON elderly_bed AS RESTRICTIVE TO mz_app
  USING ((SELECT elderly_operator_institutions()) IS NULL OR institution_id = ANY ((SELECT elderly_operator_institutions())::uuid[]));
CREATE POLICY elderly_resident_operator_only ON elderly_resident AS RESTRICTIVE TO mz_app
  USING ((SELECT elderly_operator_institutions()) IS NULL OR institution_id = ANY ((SELECT elderly_operator_institutions())::uuid[]));
CREATE POLICY elderly_staff_operator_only ON elderly_staff AS RESTRICTIVE TO mz_app
  USING ((SELECT elderly_operator_institutions()) IS NULL OR institution_id = ANY ((SELECT elderly_operator_institutions())::uuid[]));
CREATE POLICY elderly_institution_document_operator_only ON elderly_institution_document AS RESTRICTIVE TO mz_app
  USING ((SELECT elderly_operator_institutions()) IS NULL OR institution_id = ANY ((SELECT elderly_operator_institutions())::uuid[]));

-- The binding itself: visible and writable where the institution is (its region policy decides).
CREATE INDEX elderly_institution_operator_of ON elderly_institution_operator (institution_id);
-- An operator account works for one institution.
CREATE UNIQUE INDEX elderly_institution_operator_one ON elderly_institution_operator (user_id);
ALTER TABLE elderly_institution_operator ADD COLUMN created_by uuid;
ALTER TABLE elderly_institution_operator ENABLE ROW LEVEL SECURITY;
CREATE POLICY elderly_institution_operator_scope ON elderly_institution_operator TO mz_app
  USING (EXISTS (SELECT 1 FROM elderly_institution i WHERE i.id = institution_id))
  WITH CHECK (EXISTS (SELECT 1 FROM elderly_institution i WHERE i.id = institution_id));

-- The operator role, and the institution part's permissions for the preset roles (each added
-- once, whatever another migration granted already).
INSERT INTO iam_role (code, name, description, permissions, preset) VALUES
  ('institution_operator', '养老机构经办', '养老机构的工作人员：只能查看和办理本机构的床位、入住退住与工作人员',
   ARRAY['region.read', 'elderly.read', 'elderly.institution.operate'], true);
UPDATE iam_role SET permissions = permissions || ARRAY(SELECT unnest(ARRAY['elderly.read']) EXCEPT SELECT unnest(permissions))
  WHERE code IN ('clerk', 'reviewer', 'approver', 'auditor') AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY(SELECT unnest(ARRAY['elderly.institution.manage']) EXCEPT SELECT unnest(permissions))
  WHERE code IN ('clerk', 'approver') AND preset;
