-- One append-only, hash-chained audit log.
CREATE TABLE audit_log (
  id           bigint PRIMARY KEY,            -- assigned under the chain lock: contiguous, so a deleted row shows as a gap
  at           timestamptz NOT NULL DEFAULT now(),
  actor_id     uuid,
  actor_name   text,
  actor_region varchar(12),
  ip           text,
  action       text NOT NULL,
  entity_type  text,
  entity_id    text,
  region_code  varchar(12),                   -- the affected object's region (else the actor's): drives scope
  summary      text NOT NULL,
  diff         jsonb,
  prev_hash    text NOT NULL,
  hash         text NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at DESC);
CREATE INDEX audit_log_region ON audit_log (region_code, at DESC);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at DESC);
CREATE INDEX audit_log_action ON audit_log (action, at DESC);

-- The text a row's hash covers. Every field is rendered deterministically (UTC timestamp,
-- normalised jsonb text) so the verifier recomputes exactly what the writer hashed.
CREATE FUNCTION audit_row_digest(r audit_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws(chr(31),
    r.id::text,
    to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
    coalesce(r.actor_id::text, ''), coalesce(r.actor_name, ''), coalesce(r.actor_region, ''),
    coalesce(r.ip, ''), r.action, coalesce(r.entity_type, ''), coalesce(r.entity_id, ''),
    coalesce(r.region_code, ''), r.summary, coalesce(r.diff::text, ''), r.prev_hash), 'UTF8')), 'hex')
$$;

-- Chains each new row to the previous one. The advisory lock serialises writers for the rest of
-- their transaction, so ids and the chain follow commit order. SECURITY DEFINER: the previous row
-- must be read past row-level security.
CREATE FUNCTION audit_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  last_id bigint;
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(7302, 1);
  SELECT id, hash INTO last_id, last_hash FROM audit_log ORDER BY id DESC LIMIT 1;
  NEW.id := coalesce(last_id, 0) + 1;
  NEW.at := clock_timestamp();
  NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
  NEW.hash := audit_row_digest(NEW);
  RETURN NEW;
END $$;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_chain();

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '审计日志只能追加，不能修改或删除' USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM mz_app;

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_log_insert ON audit_log FOR INSERT TO mz_app WITH CHECK (true);
CREATE POLICY audit_log_read ON audit_log FOR SELECT TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to());

-- First row whose hash, link or position does not match; no row means the chain is intact.
CREATE FUNCTION audit_verify() RETURNS TABLE (id bigint, problem text) LANGUAGE sql STABLE AS $$
  SELECT c.id, CASE
      WHEN c.id <> c.pos THEN '序号不连续（之前的记录被删除）'
      WHEN c.prev_hash <> coalesce(c.expected_prev, repeat('0', 64)) THEN '与上一条记录的哈希链接不符'
      ELSE '记录内容与哈希不符（记录被篡改）' END
  FROM (
    SELECT a.id, a.prev_hash, a.hash, audit_row_digest(a) AS digest,
           row_number() OVER (ORDER BY a.id) AS pos,
           lag(a.hash) OVER (ORDER BY a.id) AS expected_prev
    FROM audit_log a
  ) c
  WHERE c.id <> c.pos OR c.prev_hash <> coalesce(c.expected_prev, repeat('0', 64)) OR c.hash <> c.digest
  ORDER BY c.id
  LIMIT 1
$$;
