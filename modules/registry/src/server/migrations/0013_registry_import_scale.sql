-- Batch import at province scale (issue 3: a million persons in under 30 s).

-- 1. Codes from code books — region (统计用区划代码), ethnicity (GB/T 3304), relation (GB/T 4761)
-- — are checked by every writer, set-wise, instead of by foreign keys. A foreign key checks one
-- row at a time: an import of a million persons in households ran five million trigger lookups
-- (3–10 µs each, with a row lock on the code's row) to prove what the import's row checks had
-- already proved with one join per code column. The same trade-off as region's own parent_code
-- (0002). Who writes these columns and where the check is:
--   - the import: its row checks join region (户籍地/现居住地区划代码不存在), the ethnicity and
--     relation lists (民族/与户主关系代码或名称不正确) and promote only rows that passed; a
--     household takes its head's region;
--   - createPerson/updatePerson: checkRegions() (both region codes, the ethnicity table);
--   - createHousehold: regionExists(); split/merge reuse an existing household's region;
--     checkNewMembers() checks relation codes, split/merge write only 户主 (02), 其他亲属 (97) or
--     codes already stored;
--   - the synthetic population generator: codes taken from the region table and the code lists.
-- Nothing deletes or renumbers a region (the loader only inserts and renames) or an ethnicity or
-- relation (fixed code tables, see the REVOKE below), so a checked code stays valid. Foreign keys
-- between registry rows (household → head, membership → household and person, merged_into) stay:
-- those rows are deleted (undo) and the keys are what refuses to orphan them.
ALTER TABLE registry_person
  DROP CONSTRAINT registry_person_ethnicity_fkey,
  DROP CONSTRAINT registry_person_hukou_region_code_fkey,
  DROP CONSTRAINT registry_person_region_code_fkey;
ALTER TABLE registry_household DROP CONSTRAINT registry_household_region_code_fkey;
ALTER TABLE registry_household_member DROP CONSTRAINT registry_household_member_relation_fkey;

-- The code tables are reference data: the application role reads them and never changes them
-- (the migrations that fill them run as the owner). With the foreign keys gone this is what keeps
-- a stored code from losing its row.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON registry_ethnicity, registry_relation FROM mz_app;

-- 2. The import stages keyed hashes and envelopes in their own temporary table
-- (registry_import_sealed), filled by worker threads while the plain rows are already being
-- checked; the registered-ID lookup (0007) reads the hashes from there now. Same answer: row
-- number, the registered person, two flags, never personal data.
CREATE OR REPLACE FUNCTION registry_import_existing()
  RETURNS TABLE (row_no integer, person_id uuid, in_scope boolean, in_household boolean)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
    SELECT s.row_no, p.id,
           coalesce(p.region_code >= mz_scope_from() AND p.region_code < mz_scope_to(), false),
           EXISTS (SELECT 1 FROM registry_household_member m WHERE m.person_id = p.id AND m.valid_to IS NULL)
    FROM pg_temp.registry_import_sealed s JOIN registry_person p ON p.id_hash = s.id_hash;
END $$;

-- 3. Bigrams of a name (0005) in a form PostgreSQL inlines. The original body aggregates over
-- generate_series(), which runs as a separate SQL-function execution for every call: 12–13 µs per
-- name, paid for every person inserted (the GIN index on registry_bigrams(name)) — about 12 s of a
-- million-person import. Same answer for every input, element for element: names of up to 50
-- characters (the column's CHECK) are cut from a fixed list of positions; anything longer (a search
-- term) goes through the original body, kept as registry_bigrams_any(). Index expressions are
-- inlined when they are evaluated and when the planner matches them, so the index built with the
-- original function stays valid and keeps matching registry_bigrams(...) in queries (0009). The
-- helper is schema-qualified: index maintenance (TRUNCATE, REINDEX, ANALYZE) runs with
-- search_path = pg_catalog, pg_temp on PostgreSQL 17 and later (PGlite), and the inlined body is
-- resolved there.
CREATE FUNCTION registry_bigrams_any(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT coalesce(array_agg(substr(t, i, 2) ORDER BY i), '{}') FROM generate_series(1, greatest(length(t) - 1, 0)) i $$;

CREATE OR REPLACE FUNCTION registry_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE length(t)
    WHEN 0 THEN '{}'::text[]
    WHEN 1 THEN '{}'::text[]
    WHEN 2 THEN ARRAY[t]
    WHEN 3 THEN ARRAY[substr(t, 1, 2), substr(t, 2, 2)]
    WHEN 4 THEN ARRAY[substr(t, 1, 2), substr(t, 2, 2), substr(t, 3, 2)]
    ELSE CASE WHEN length(t) <= 50 THEN (ARRAY[
      substr(t, 1, 2), substr(t, 2, 2), substr(t, 3, 2), substr(t, 4, 2), substr(t, 5, 2), substr(t, 6, 2), substr(t, 7, 2),
      substr(t, 8, 2), substr(t, 9, 2), substr(t, 10, 2), substr(t, 11, 2), substr(t, 12, 2), substr(t, 13, 2), substr(t, 14, 2),
      substr(t, 15, 2), substr(t, 16, 2), substr(t, 17, 2), substr(t, 18, 2), substr(t, 19, 2), substr(t, 20, 2), substr(t, 21, 2),
      substr(t, 22, 2), substr(t, 23, 2), substr(t, 24, 2), substr(t, 25, 2), substr(t, 26, 2), substr(t, 27, 2), substr(t, 28, 2),
      substr(t, 29, 2), substr(t, 30, 2), substr(t, 31, 2), substr(t, 32, 2), substr(t, 33, 2), substr(t, 34, 2), substr(t, 35, 2),
      substr(t, 36, 2), substr(t, 37, 2), substr(t, 38, 2), substr(t, 39, 2), substr(t, 40, 2), substr(t, 41, 2), substr(t, 42, 2),
      substr(t, 43, 2), substr(t, 44, 2), substr(t, 45, 2), substr(t, 46, 2), substr(t, 47, 2), substr(t, 48, 2), substr(t, 49, 2)
    ])[1:length(t) - 1] ELSE public.registry_bigrams_any(t) END
  END
$$;
