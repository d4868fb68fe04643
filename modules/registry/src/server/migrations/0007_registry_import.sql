-- Batch import of persons and households (人员批量导入).

CREATE TABLE registry_import_batch (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  file_name          text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  status             text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed', 'undone')),
  total              integer NOT NULL DEFAULT 0,
  imported           integer NOT NULL DEFAULT 0,
  duplicates_skipped integer NOT NULL DEFAULT 0,
  rejected           integer NOT NULL DEFAULT 0,
  households         integer NOT NULL DEFAULT 0,
  -- Memberships the import created (all in its own households): undo refuses when that changed.
  members            integer NOT NULL DEFAULT 0,
  -- The importer's region: scope of the batch and of everything it may create.
  region_code        varchar(12) NOT NULL REFERENCES region (code),
  created_by         uuid,
  job_id             uuid,
  -- The uploaded file until the job has read it (several app processes share the job queue,
  -- so the file cannot wait on one process's disk). Cleared when the job ends.
  file_data          bytea,
  error              text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  finished_at        timestamptz,
  undone_at          timestamptz
);
CREATE INDEX registry_import_batch_region ON registry_import_batch (region_code, created_at);

-- Rows that failed validation, for the error report. The original row holds an ID number and a
-- phone in plain text, so it is stored only as an envelope of the field cipher ('import_row').
CREATE TABLE registry_import_rejected (
  batch_id        uuid NOT NULL REFERENCES registry_import_batch (id) ON DELETE CASCADE,
  row_no          integer NOT NULL,
  original_cipher text NOT NULL,
  errors          text NOT NULL,
  PRIMARY KEY (batch_id, row_no)
);

ALTER TABLE registry_import_batch ENABLE ROW LEVEL SECURITY;
CREATE POLICY registry_import_batch_scope ON registry_import_batch TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
ALTER TABLE registry_import_rejected ENABLE ROW LEVEL SECURITY;
CREATE POLICY registry_import_rejected_scope ON registry_import_rejected TO mz_app
  USING (EXISTS (SELECT 1 FROM registry_import_batch b WHERE b.id = batch_id))
  WITH CHECK (EXISTS (SELECT 1 FROM registry_import_batch b WHERE b.id = batch_id));

-- GB 11643 in SQL, so a whole staging table is validated in one pass. Plain SQL functions made of
-- one expression: the planner inlines them, no per-row function call.

-- ISO 7064 MOD 11-2 check character of the first 17 digits (caller guarantees 17 leading digits).
CREATE FUNCTION registry_id_check_char(id text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT substr('10X98765432', ((
      substr(id, 1, 1)::int * 7 + substr(id, 2, 1)::int * 9 + substr(id, 3, 1)::int * 10 + substr(id, 4, 1)::int * 5
    + substr(id, 5, 1)::int * 8 + substr(id, 6, 1)::int * 4 + substr(id, 7, 1)::int * 2 + substr(id, 8, 1)::int * 1
    + substr(id, 9, 1)::int * 6 + substr(id, 10, 1)::int * 3 + substr(id, 11, 1)::int * 7 + substr(id, 12, 1)::int * 9
    + substr(id, 13, 1)::int * 10 + substr(id, 14, 1)::int * 5 + substr(id, 15, 1)::int * 8 + substr(id, 16, 1)::int * 4
    + substr(id, 17, 1)::int * 2) % 11) + 1, 1)
$$;

-- Is 'YYYYMMDD' (8 digits) a real calendar date? Without to_date(), which raises instead of answering.
CREATE FUNCTION registry_is_yyyymmdd(d text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT d ~ '^\d{8}$' AND substr(d, 5, 2) BETWEEN '01' AND '12' AND substr(d, 7, 2) >= '01'
     AND substr(d, 7, 2)::int <= CASE
       WHEN substr(d, 5, 2) = '02' THEN
         CASE WHEN (substr(d, 1, 4)::int % 4 = 0 AND substr(d, 1, 4)::int % 100 <> 0) OR substr(d, 1, 4)::int % 400 = 0 THEN 29 ELSE 28 END
       WHEN substr(d, 5, 2) IN ('04', '06', '09', '11') THEN 30
       ELSE 31 END
$$;

-- Why an 18-character ID number is not valid, in Chinese; NULL when it is. Same rules and words
-- as parseIdNumber() in the kernel (province code, birth date 1850-01-01..today, check character).
CREATE FUNCTION registry_id_problem(id text, today date) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN id IS NULL OR id = '' THEN '身份证号不能为空'
    WHEN id !~ '^\d{17}[\dX]$' THEN '身份证号应为18位（或15位旧号码），前17位为数字，末位为数字或X'
    WHEN left(id, 2) NOT IN ('11','12','13','14','15','21','22','23','31','32','33','34','35','36','37',
                              '41','42','43','44','45','46','50','51','52','53','54','61','62','63','64','65','71','81','82','83')
      THEN '身份证号的地址码（省级）不存在'
    WHEN NOT registry_is_yyyymmdd(substr(id, 7, 8)) THEN '身份证号中的出生日期不是有效日期'
    WHEN substr(id, 7, 8) < '18500101' THEN '身份证号中的出生日期早于1850-01-01，请核对'
    WHEN substr(id, 7, 8) > to_char(today, 'YYYYMMDD') THEN '身份证号中的出生日期晚于今天'
    WHEN substr(id, 18, 1) <> registry_id_check_char(id) THEN '身份证号校验位错误，应为' || registry_id_check_char(id)
  END
$$;

CREATE FUNCTION registry_id_valid(id text) RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT registry_id_problem(id, current_date) IS NULL
$$;

-- Which staged ID numbers are already registered, in any jurisdiction: an ID number is unique in
-- the whole deployment, but the importer's RLS scope cannot see other jurisdictions' persons.
-- Reads the session's own staging table (pg_temp), answers only row number, person id and two
-- flags, never personal data.
CREATE FUNCTION registry_import_existing()
  RETURNS TABLE (row_no integer, person_id uuid, in_scope boolean, in_household boolean)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
    SELECT c.row_no, p.id,
           coalesce(p.region_code >= mz_scope_from() AND p.region_code < mz_scope_to(), false),
           EXISTS (SELECT 1 FROM registry_household_member m WHERE m.person_id = p.id AND m.valid_to IS NULL)
    FROM pg_temp.registry_import_checked c JOIN registry_person p ON p.id_hash = c.id_hash;
END $$;

-- The no-overlap trigger on registry_household_member (0005) joins memberships by person, and its
-- query starts from the whole membership table (`a … WHERE a.person_id IN (SELECT … FROM changed)`),
-- which PostgreSQL 15 plans as a nested-loop semi join against the transition table: one statement
-- inserting n memberships costs n × (table size). An import of 20 000 memberships spent 27 s there.
-- Same rule, same message, same error code, but driven from the changed persons through an index
-- on person_id: linear in the rows changed.
CREATE INDEX registry_member_person ON registry_household_member (person_id, valid_from);
CREATE OR REPLACE FUNCTION registry_member_no_overlap() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM (SELECT DISTINCT person_id FROM changed) c
    JOIN registry_household_member a ON a.person_id = c.person_id
    JOIN registry_household_member b ON b.person_id = c.person_id AND a.id < b.id
     AND a.valid_from < coalesce(b.valid_to, 'infinity') AND b.valid_from < coalesce(a.valid_to, 'infinity')
  ) THEN
    RAISE EXCEPTION '同一人同一时间只能属于一个家庭' USING ERRCODE = '23P01';
  END IF;
  RETURN NULL;
END $$;
