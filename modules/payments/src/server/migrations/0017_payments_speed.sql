-- 资金发放 (payments), part 3: the roll's database checks at the cost of one check per roll.
--
-- Until now every change of a roll's state summed all its lines again (a million-line roll: a
-- full pass with a count(DISTINCT) sort at review, at approval and at export). Lines can change
-- only while the roll is a draft (payments_line_guard), so the sum is taken once, when the roll
-- leaves draft; from then on the header may not change (below and in payments_roll_check's
-- first branch), so "header = lines" keeps holding without reading the lines again. The totals
-- tree is still compared with the header at every step (one row by primary key).
--
-- For that argument to hold under concurrency, a statement writing or removing lines now locks
-- their rolls (FOR SHARE) before checking they are drafts: a roll cannot leave draft while lines
-- are being written to it (the state change waits for the writer and then counts its lines),
-- and lines cannot be written to a roll that has just left draft (the writer waits, then sees
-- the new state). And a roll must be born a draft, so that every roll passes the full check.

CREATE OR REPLACE FUNCTION payments_line_guard() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  ids uuid[];
  s text;
  n integer := 0;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION '发放明细不能修改；更正请通过补发、追回或重新生成草稿' USING ERRCODE = 'P0001';
  END IF;
  -- DISTINCT in a subquery (hashed), not array_agg(DISTINCT …), which sorts every line.
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(roll_id) INTO ids FROM (SELECT DISTINCT roll_id FROM new_lines) d;
  ELSE
    SELECT array_agg(roll_id) INTO ids FROM (SELECT DISTINCT roll_id FROM old_lines) d;
  END IF;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  -- A locking read returns the newest committed state of each roll (after waiting for a
  -- transaction that is changing it).
  FOR s IN SELECT r.state FROM payments_roll r WHERE r.id = ANY (ids) FOR SHARE LOOP
    n := n + 1;
    IF s <> 'draft' THEN
      IF TG_OP = 'INSERT' THEN
        RAISE EXCEPTION '只能向草稿状态的发放表写入明细' USING ERRCODE = 'P0001';
      END IF;
      RAISE EXCEPTION '已复核的发放表明细不能删除' USING ERRCODE = 'P0001';
    END IF;
  END LOOP;
  IF TG_OP = 'INSERT' AND n <> cardinality(ids) THEN
    RAISE EXCEPTION '只能向草稿状态的发放表写入明细' USING ERRCODE = 'P0001';
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION payments_roll_born_draft() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state <> 'draft' THEN
    RAISE EXCEPTION '发放表只能以草稿状态生成' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER payments_roll_born_draft BEFORE INSERT ON payments_roll FOR EACH ROW EXECUTE FUNCTION payments_roll_born_draft();

CREATE OR REPLACE FUNCTION payments_roll_check() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  n integer; amt bigint; rec bigint; persons integer; households integer;
  t payments_roll_total%ROWTYPE;
BEGIN
  IF NEW.state IS NOT DISTINCT FROM OLD.state THEN
    IF OLD.state <> 'draft' AND (NEW.line_count, NEW.amount_fen, NEW.recovery_fen, NEW.person_count, NEW.household_count)
         IS DISTINCT FROM (OLD.line_count, OLD.amount_fen, OLD.recovery_fen, OLD.person_count, OLD.household_count) THEN
      RAISE EXCEPTION '已复核的发放表合计不能修改' USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
  END IF;
  IF (OLD.state, NEW.state) NOT IN (('draft', 'reviewed'), ('reviewed', 'approved'), ('reviewed', 'draft'), ('approved', 'draft'),
                                     ('approved', 'exported'), ('exported', 'returned'), ('returned', 'reconciled')) THEN
    RAISE EXCEPTION '发放表状态不能从 % 变为 %', OLD.state, NEW.state USING ERRCODE = 'P0001';
  END IF;
  IF OLD.state = 'draft' THEN
    -- Leaving draft: the lines are final from here on, so they are summed now, once.
    SELECT count(*), coalesce(sum(amount_fen) FILTER (WHERE kind <> 'recovery'), 0), coalesce(sum(amount_fen) FILTER (WHERE kind = 'recovery'), 0),
           coalesce(sum(person_count), 0), count(DISTINCT household_id)
      INTO n, amt, rec, persons, households FROM payments_line WHERE roll_id = NEW.id;
    IF (n, amt, rec, persons, households) IS DISTINCT FROM (NEW.line_count, NEW.amount_fen, NEW.recovery_fen, NEW.person_count, NEW.household_count) THEN
      RAISE EXCEPTION '发放表合计与明细不符（明细 % 条 % 分，表头 % 条 % 分）', n, amt, NEW.line_count, NEW.amount_fen USING ERRCODE = 'P0001';
    END IF;
  ELSE
    -- Checked against the lines when the roll left draft, and the lines have not changed since.
    IF (NEW.line_count, NEW.amount_fen, NEW.recovery_fen, NEW.person_count, NEW.household_count)
         IS DISTINCT FROM (OLD.line_count, OLD.amount_fen, OLD.recovery_fen, OLD.person_count, OLD.household_count) THEN
      RAISE EXCEPTION '已复核的发放表合计不能修改' USING ERRCODE = 'P0001';
    END IF;
    n := NEW.line_count; amt := NEW.amount_fen; rec := NEW.recovery_fen; persons := NEW.person_count; households := NEW.household_count;
  END IF;
  SELECT * INTO t FROM payments_roll_total WHERE roll_id = NEW.id AND region_code = NEW.region_code;
  IF n > 0 AND (t.roll_id IS NULL OR (t.lines, t.amount_fen, t.recovery_fen, t.persons, t.households) IS DISTINCT FROM (n, amt, rec, persons, households)) THEN
    RAISE EXCEPTION '发放表分级汇总与明细不符' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
