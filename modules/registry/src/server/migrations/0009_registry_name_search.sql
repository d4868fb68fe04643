-- Name search under row-level security.
--
-- For a role subject to RLS, PostgreSQL evaluates only LEAKPROOF operators ahead of the policy,
-- so `@>` (the bigram GIN index) and LIKE (the initials index) never become index conditions for
-- mz_app: a 2-character name search scanned every person in the province (8 s at 1M persons).
-- These functions evaluate the name predicates as the owner — with the indexes — but inside the
-- caller's published jurisdiction (mz_scope_from/to, NULL outside a scoped transaction, so they
-- then return nothing), and hand back ids. The outer query still runs under RLS; uuid equality is
-- leakproof, so it joins on the primary key.

-- Name part (bigrams + LIKE with a pattern escaped by the caller), plus, when fuzzy_initials is
-- given, the fuzzy rule: same initials, same length, at most one character different.
CREATE FUNCTION registry_name_matches(q text, pattern text, fuzzy_initials text) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT p.id FROM registry_person p
  WHERE registry_bigrams(p.name) @> registry_bigrams(q) AND p.name LIKE pattern
    AND p.region_code >= mz_scope_from() AND p.region_code < mz_scope_to()
  UNION
  SELECT p.id FROM registry_person p
  WHERE fuzzy_initials IS NOT NULL AND p.name_initials = fuzzy_initials AND length(p.name) = length(q)
    AND p.region_code >= mz_scope_from() AND p.region_code < mz_scope_to()
    AND (SELECT count(*) FROM generate_series(1, length(q)) i WHERE substr(p.name, i, 1) <> substr(q, i, 1)) <= 1
$$;

-- Pinyin initials prefix ("zw" → 张伟).
CREATE FUNCTION registry_initials_matches(prefix text) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT p.id FROM registry_person p
  WHERE p.name_initials LIKE prefix || '%'
    AND p.region_code >= mz_scope_from() AND p.region_code < mz_scope_to()
$$;

REVOKE EXECUTE ON FUNCTION registry_name_matches(text, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION registry_initials_matches(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION registry_name_matches(text, text, text) TO mz_app;
GRANT EXECUTE ON FUNCTION registry_initials_matches(text) TO mz_app;
