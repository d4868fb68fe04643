-- 疑似重复人员: pairs of person records that may be one person, for a clerk to merge or dismiss.

-- A merged-away record stays (its history and audit trail refer to it) but points at the record
-- that was kept. Lists and searches show only `merged_into IS NULL`.
ALTER TABLE registry_person ADD COLUMN merged_into uuid REFERENCES registry_person (id);
ALTER TABLE registry_person ADD CONSTRAINT registry_person_not_merged_into_self CHECK (merged_into <> id);
CREATE INDEX registry_person_merged_into ON registry_person (merged_into) WHERE merged_into IS NOT NULL;
-- Same name in one county, for duplicate detection (the county is the first 6 digits).
CREATE INDEX registry_person_county_name ON registry_person (left(region_code, 6), name, birth_date);

CREATE TABLE registry_duplicate (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Ordered so one pair is one row, whichever side was found first.
  person_a    uuid NOT NULL REFERENCES registry_person (id),
  person_b    uuid NOT NULL REFERENCES registry_person (id),
  reason      text NOT NULL CHECK (reason IN ('name_birth', 'id_typo')),
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'merged', 'dismissed')),
  -- The smallest region holding both persons (their village, township or county): who may review.
  region_code varchar(12) NOT NULL REFERENCES region (code),
  detected_at timestamptz NOT NULL DEFAULT now(),
  resolved_by uuid,
  resolved_at timestamptz,
  CHECK (person_a < person_b),
  CHECK ((status = 'open') = (resolved_at IS NULL))
);
-- A dismissed pair stays, so detecting again does not bring it back.
CREATE UNIQUE INDEX registry_duplicate_pair ON registry_duplicate (person_a, person_b);
CREATE INDEX registry_duplicate_b ON registry_duplicate (person_b);
CREATE INDEX registry_duplicate_region ON registry_duplicate (region_code, status);

ALTER TABLE registry_duplicate ENABLE ROW LEVEL SECURITY;
CREATE POLICY registry_duplicate_scope ON registry_duplicate TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
-- Pairs are found and resolved, never deleted.
REVOKE DELETE, TRUNCATE ON registry_duplicate FROM mz_app;
