-- 近亲属备案 (低保办法第十一条): relatives of 低保 case workers and of village/community committee
-- members. An application whose household includes a registered relative is flagged `near_kin`
-- and needs a county home visit before it is decided (第二十条第二款).
--
-- 近亲属 per 民法典第一千零四十五条: 配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女
-- (grandparents and grandchildren on both sides share one code each: the rule does not tell them apart).
CREATE TABLE assistance_near_kin (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The official's post (a 村/社区 for committee members, the township or county for case workers):
  -- who keeps the entry, and who may see it.
  region_code        varchar(12) NOT NULL REFERENCES region (code) CHECK (region_code ~ '^[0-9]{12}$'),
  official_name      text NOT NULL CHECK (length(official_name) BETWEEN 1 AND 50),
  official_role      text NOT NULL CHECK (official_role IN ('case_worker', 'committee_member')),
  -- Set when the official has an account here; committee members usually do not.
  official_user_id   uuid REFERENCES iam_user (id),
  relative_person_id uuid NOT NULL REFERENCES registry_person (id),
  -- Masked copies for the list: the relative may live outside the jurisdiction of an official who
  -- reads the register (row-level security then hides the registry record).
  relative_name      text NOT NULL CHECK (length(relative_name) BETWEEN 1 AND 50),
  relative_id_masked varchar(18) NOT NULL,
  relation           text NOT NULL CHECK (relation IN ('spouse', 'parent', 'child', 'sibling', 'grandparent', 'grandchild')),
  note               text CHECK (length(note) <= 200),
  created_by         uuid,
  created_by_name    text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  -- Removal ends the entry; the row stays, so a past case's flag can still be explained.
  removed_at         timestamptz,
  removed_by         uuid,
  removed_by_name    text,
  CHECK (removed_at IS NOT NULL OR (removed_by IS NULL AND removed_by_name IS NULL))
);
-- One current entry per official and relative; a removed one may be registered again.
CREATE UNIQUE INDEX assistance_near_kin_current ON assistance_near_kin (relative_person_id, official_name, official_role, region_code)
  WHERE removed_at IS NULL;
CREATE INDEX assistance_near_kin_region ON assistance_near_kin (region_code, created_at);

ALTER TABLE assistance_near_kin ENABLE ROW LEVEL SECURITY;
CREATE POLICY assistance_near_kin_scope ON assistance_near_kin TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE DELETE, TRUNCATE ON assistance_near_kin FROM mz_app;

-- Which of these persons are registered relatives, for the application service. It must look past
-- row-level security: the register is kept by the official's post (often the county), while the
-- clerk filing the application sees only the township, and a relative the county registered must
-- still flag the case. It answers only for the ids it is given (the household being filed, which
-- the caller already holds), only with what the flag needs, and nothing outside a scoped
-- transaction. A relative whose record was later merged into another is found under the kept id.
CREATE FUNCTION assistance_near_kin_matches(person_ids uuid[])
RETURNS TABLE (entry_id uuid, person_id uuid, official_name text, official_role text, relation text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT k.id, k.relative_person_id, k.official_name, k.official_role, k.relation
  FROM assistance_near_kin k
  WHERE k.relative_person_id = ANY (person_ids) AND k.removed_at IS NULL AND mz_scope_from() IS NOT NULL
  UNION ALL
  SELECT k.id, p.merged_into, k.official_name, k.official_role, k.relation
  FROM registry_person p JOIN assistance_near_kin k ON k.relative_person_id = p.id
  WHERE p.merged_into = ANY (person_ids) AND k.removed_at IS NULL AND mz_scope_from() IS NOT NULL
$$;
REVOKE EXECUTE ON FUNCTION assistance_near_kin_matches(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assistance_near_kin_matches(uuid[]) TO mz_app;
