-- 暂停发放 (payment holds): any module may hold a subject's regular payments of a programme from a
-- month on (e.g. 静默认证 failed: a death or custody record to be checked), and release the hold
-- when the matter is handled. While a hold is open, rolls leave the subject's regular line out;
-- on release the subject is marked for settlement (payments_recalc), so the next roll pays the
-- held months as 补发 — or nothing, for months the entitlement was ended for meanwhile.
CREATE TABLE payments_hold (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme       text COLLATE "C" NOT NULL,
  subject_id      uuid NOT NULL,
  region_code     varchar(12) NOT NULL REFERENCES region (code),
  from_month      date NOT NULL CHECK (extract(day FROM from_month) = 1),
  reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  -- Who asked for the hold: one matter (an alert, a case) may hold several subjects.
  source_module   text NOT NULL CHECK (source_module ~ '^[a-z][a-z0-9_]{1,31}$'),
  source_id       text NOT NULL CHECK (length(source_id) BETWEEN 1 AND 100),
  held_by         uuid,
  held_by_name    text,
  held_at         timestamptz NOT NULL DEFAULT now(),
  released_at     timestamptz,
  released_by     uuid,
  released_by_name text,
  release_reason  text CHECK (length(release_reason) <= 500),
  CHECK ((released_at IS NULL) = (release_reason IS NULL))
);
-- One open hold per matter, programme and subject: holding twice for the same matter is a no-op.
CREATE UNIQUE INDEX payments_hold_open ON payments_hold (source_module, source_id, programme, subject_id) WHERE released_at IS NULL;
-- Roll generation probes open holds by (programme, subject).
CREATE INDEX payments_hold_subject ON payments_hold (programme, subject_id) WHERE released_at IS NULL;
CREATE INDEX payments_hold_source ON payments_hold (source_module, source_id);
ALTER TABLE payments_hold ENABLE ROW LEVEL SECURITY;
CREATE POLICY payments_hold_scope ON payments_hold TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE DELETE, TRUNCATE ON payments_hold FROM mz_app;

-- Who a roll left out because of a hold, written by the same generation pass (one INSERT …
-- SELECT), so the roll shows its held beneficiaries as they were when it was generated.
CREATE TABLE payments_roll_held (
  roll_id        uuid NOT NULL REFERENCES payments_roll (id) ON DELETE CASCADE,
  subject_id     uuid NOT NULL,
  hold_id        uuid NOT NULL REFERENCES payments_hold (id),
  entitlement_id uuid NOT NULL REFERENCES payments_entitlement (id),
  region_code    varchar(12) NOT NULL,
  amount_fen     bigint NOT NULL,
  PRIMARY KEY (roll_id, subject_id)
);
ALTER TABLE payments_roll_held ENABLE ROW LEVEL SECURITY;
CREATE POLICY payments_roll_held_scope ON payments_roll_held TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());

-- The database's own guard: no statement may add a regular line for a month an open hold covers
-- (roll generation leaves them out; this catches any other writer). Once per statement over its
-- new rows, and only while some hold is open, so a million-line roll without holds pays one probe.
CREATE FUNCTION payments_line_not_held() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  who text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM payments_hold WHERE released_at IS NULL) THEN
    RETURN NULL;
  END IF;
  SELECT to_char(n.period, 'YYYY-MM') INTO who
  FROM new_lines n JOIN payments_hold h ON h.programme = n.programme AND h.subject_id = n.subject_id
    AND h.released_at IS NULL AND h.from_month <= n.period
  WHERE n.kind = 'regular'
  LIMIT 1;
  IF who IS NOT NULL THEN
    RAISE EXCEPTION '该对象已暂停发放（%起），预警处置并恢复发放前不能列入发放表', who USING ERRCODE = 'P0001';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER payments_line_not_held AFTER INSERT ON payments_line
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION payments_line_not_held();
