-- 资金发放 (payments), part 2: the bank round trip (transfers, exports, return files, bank formats)
-- and the settlement of recoveries.

-- 银行代发记录: one row of the bank file, the net of one beneficiary's lines in the roll (lines
-- other than recoveries). Fixed at the roll's first export and never re-cut: a re-download sends
-- exactly the same rows. What was sent is kept as the registry keeps it: the account's envelope
-- (still encrypted, decrypted only into a file), its keyed hash (what a return file is matched
-- against) and its masked form.
CREATE TABLE payments_transfer (
  roll_id           uuid NOT NULL,
  transfer_no       integer NOT NULL CHECK (transfer_no >= 1),
  subject_id        uuid NOT NULL,
  payee_person_id   uuid NOT NULL,
  region_code       varchar(12) NOT NULL,
  amount_fen        bigint NOT NULL CHECK (amount_fen > 0),
  payee_name        text,
  account_cipher    text,
  account_hash      text,
  account_masked    text,
  bank_name         text,
  status            text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'paid', 'failed')),
  failure_reason    text CHECK (length(failure_reason) <= 200),
  result_at         timestamptz,
  return_id         uuid,
  -- A failed transfer is either sent again in a follow-up roll or abandoned by decision.
  reissued_in       uuid,
  abandoned_at      timestamptz,
  abandoned_reason  text CHECK (length(abandoned_reason) <= 500),
  abandoned_by_name text,
  PRIMARY KEY (roll_id, transfer_no),
  CHECK (status = 'failed' OR (reissued_in IS NULL AND abandoned_at IS NULL)),
  CHECK (reissued_in IS NULL OR abandoned_at IS NULL),
  CHECK ((status = 'sent') = (result_at IS NULL))
);
CREATE INDEX payments_transfer_subject ON payments_transfer (roll_id, subject_id, payee_person_id);
CREATE INDEX payments_transfer_reissued ON payments_transfer (reissued_in) WHERE reissued_in IS NOT NULL;

-- Like lines, no per-row foreign key (a million-row export would pay for it twice): the roll is
-- checked once per statement, and must be approved when its transfers are cut.
CREATE FUNCTION payments_transfer_insert_guard() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM (SELECT DISTINCT roll_id FROM new_transfers) n LEFT JOIN payments_roll r ON r.id = n.roll_id
             WHERE r.id IS NULL OR r.state <> 'approved') THEN
    RAISE EXCEPTION '只能为已审批的发放表生成银行代发记录' USING ERRCODE = 'P0001';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER payments_transfer_insert AFTER INSERT ON payments_transfer REFERENCING NEW TABLE AS new_transfers
  FOR EACH STATEMENT EXECUTE FUNCTION payments_transfer_insert_guard();

-- What a transfer may become: sent → paid or failed, once (the bank's answer is never edited);
-- a failed one may be marked reissued (and unmarked when that follow-up draft is discarded) or
-- abandoned. Nothing else about it changes.
CREATE FUNCTION payments_transfer_update_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION '银行代发记录不能删除' USING ERRCODE = 'P0001';
  END IF;
  IF (NEW.roll_id, NEW.transfer_no, NEW.subject_id, NEW.payee_person_id, NEW.region_code, NEW.amount_fen, NEW.payee_name, NEW.account_cipher, NEW.account_hash, NEW.account_masked, NEW.bank_name)
     IS DISTINCT FROM (OLD.roll_id, OLD.transfer_no, OLD.subject_id, OLD.payee_person_id, OLD.region_code, OLD.amount_fen, OLD.payee_name, OLD.account_cipher, OLD.account_hash, OLD.account_masked, OLD.bank_name) THEN
    RAISE EXCEPTION '银行代发记录的对象、账号和金额不能修改' USING ERRCODE = 'P0001';
  END IF;
  IF OLD.status <> 'sent' AND (NEW.status, NEW.failure_reason, NEW.result_at, NEW.return_id) IS DISTINCT FROM (OLD.status, OLD.failure_reason, OLD.result_at, OLD.return_id) THEN
    RAISE EXCEPTION '银行回盘结果已记录，不能修改' USING ERRCODE = 'P0001';
  END IF;
  IF OLD.abandoned_at IS NOT NULL AND (NEW.abandoned_at, NEW.abandoned_reason) IS DISTINCT FROM (OLD.abandoned_at, OLD.abandoned_reason) THEN
    RAISE EXCEPTION '已放弃重发的记录不能再修改' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER payments_transfer_update BEFORE UPDATE OR DELETE ON payments_transfer FOR EACH ROW EXECUTE FUNCTION payments_transfer_update_guard();

ALTER TABLE payments_transfer ENABLE ROW LEVEL SECURITY;
CREATE POLICY payments_transfer_scope ON payments_transfer TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE DELETE, TRUNCATE ON payments_transfer FROM mz_app;

-- Every bank file handed out: who, when, in which layout, how many rows and fen, and the file's
-- SHA-256, so a file turning up later can be identified. The file itself is not kept (it holds
-- account numbers in clear).
CREATE TABLE payments_export (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  roll_id      uuid NOT NULL REFERENCES payments_roll (id),
  region_code  varchar(12) NOT NULL,
  profile_code text NOT NULL,
  format       text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  rows         integer NOT NULL,
  amount_fen   bigint NOT NULL,
  sha256       text NOT NULL,
  actor_id     uuid,
  actor_name   text,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_export_roll ON payments_export (roll_id, at);
ALTER TABLE payments_export ENABLE ROW LEVEL SECURITY;
CREATE POLICY payments_export_scope ON payments_export TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE UPDATE, DELETE, TRUNCATE ON payments_export FROM mz_app;

-- 回盘 files, accepted or rejected. A rejected one keeps its line-by-line report (row, 序号 and the
-- problem; account numbers only masked) and changed nothing else.
CREATE TABLE payments_return (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  roll_id     uuid NOT NULL REFERENCES payments_roll (id),
  region_code varchar(12) NOT NULL,
  file_name   text NOT NULL CHECK (length(file_name) <= 255),
  sha256      text NOT NULL,
  status      text NOT NULL CHECK (status IN ('accepted', 'rejected')),
  rows        integer NOT NULL,
  paid_rows   integer NOT NULL DEFAULT 0,
  paid_fen    bigint NOT NULL DEFAULT 0,
  failed_rows integer NOT NULL DEFAULT 0,
  failed_fen  bigint NOT NULL DEFAULT 0,
  problems    integer NOT NULL DEFAULT 0,
  report      jsonb NOT NULL DEFAULT '[]'::jsonb,
  actor_id    uuid,
  actor_name  text,
  at          timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'rejected') = (problems > 0))
);
CREATE INDEX payments_return_roll ON payments_return (roll_id, at);
ALTER TABLE payments_return ENABLE ROW LEVEL SECURITY;
CREATE POLICY payments_return_scope ON payments_return TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE UPDATE, DELETE, TRUNCATE ON payments_return FROM mz_app;

-- 银行格式: the column mapping of one bank's payment and return files, declared at a county, city
-- or province and used below it. A new row with the same code and region supersedes the older.
CREATE TABLE payments_bank_profile (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code            text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_-]{1,31}$'),
  region_code     varchar(12) NOT NULL REFERENCES region (code),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  definition      jsonb NOT NULL,
  created_by      uuid,
  created_by_name text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_bank_profile_code ON payments_bank_profile (code, region_code, created_at);
ALTER TABLE payments_bank_profile ENABLE ROW LEVEL SECURITY;
CREATE POLICY payments_bank_profile_read ON payments_bank_profile FOR SELECT TO mz_app
  USING ((region_code >= mz_scope_from() AND region_code < mz_scope_to()) OR payments_region_covers(region_code, mz_scope_from()));
CREATE POLICY payments_bank_profile_insert ON payments_bank_profile FOR INSERT TO mz_app
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE UPDATE, DELETE, TRUNCATE ON payments_bank_profile FROM mz_app;

-- 追回 settled outside a roll: paid back by the beneficiary (refund) or written off by decision
-- (waived). Deductions from later payments are 'offset' lines in the ledger itself.
CREATE TABLE payments_recovery_settlement (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recovery_line_id bigint NOT NULL REFERENCES payments_line (id),
  region_code      varchar(12) NOT NULL,
  amount_fen       bigint NOT NULL CHECK (amount_fen > 0),
  method           text NOT NULL CHECK (method IN ('refund', 'waived')),
  reason           text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  actor_id         uuid,
  actor_name       text,
  at               timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_recovery_settlement_line ON payments_recovery_settlement (recovery_line_id);
ALTER TABLE payments_recovery_settlement ENABLE ROW LEVEL SECURITY;
CREATE POLICY payments_recovery_settlement_scope ON payments_recovery_settlement TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE UPDATE, DELETE, TRUNCATE ON payments_recovery_settlement FROM mz_app;

-- The bank side of a roll's states, checked by the database: an exported roll's transfers add up
-- to its payable amount; a returned roll has an answer for every transfer and paid + failed equals
-- that amount to the fen; a reconciled roll also has every failed transfer reissued or abandoned.
CREATE FUNCTION payments_roll_settle_check() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  total bigint; paid bigint; failed bigint; pending integer; open_failures integer;
BEGIN
  IF NEW.state IS NOT DISTINCT FROM OLD.state OR NEW.state NOT IN ('exported', 'returned', 'reconciled') THEN
    RETURN NEW;
  END IF;
  SELECT coalesce(sum(amount_fen), 0), coalesce(sum(amount_fen) FILTER (WHERE status = 'paid'), 0),
         coalesce(sum(amount_fen) FILTER (WHERE status = 'failed'), 0), count(*) FILTER (WHERE status = 'sent'),
         count(*) FILTER (WHERE status = 'failed' AND reissued_in IS NULL AND abandoned_at IS NULL)
    INTO total, paid, failed, pending, open_failures
  FROM payments_transfer WHERE roll_id = NEW.id;
  IF total <> NEW.amount_fen THEN
    RAISE EXCEPTION '银行代发合计 % 分与发放表应发 % 分不符', total, NEW.amount_fen USING ERRCODE = 'P0001';
  END IF;
  IF NEW.state IN ('returned', 'reconciled') THEN
    IF pending > 0 THEN
      RAISE EXCEPTION '尚有 % 笔代发没有银行回盘结果', pending USING ERRCODE = 'P0001';
    END IF;
    IF paid + failed <> NEW.amount_fen OR NEW.paid_fen IS DISTINCT FROM paid OR NEW.failed_fen IS DISTINCT FROM failed THEN
      RAISE EXCEPTION '成功 % 分 + 失败 % 分与应发 % 分不符，不能对账', paid, failed, NEW.amount_fen USING ERRCODE = 'P0001';
    END IF;
  END IF;
  IF NEW.state = 'reconciled' AND open_failures > 0 THEN
    RAISE EXCEPTION '尚有 % 笔失败的代发未重发或放弃，不能对账', open_failures USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER payments_roll_settle_check BEFORE UPDATE ON payments_roll FOR EACH ROW EXECUTE FUNCTION payments_roll_settle_check();
