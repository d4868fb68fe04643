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
