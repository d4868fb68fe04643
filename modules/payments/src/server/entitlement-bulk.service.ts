/**
 * The ledger's set-based entry points: many series opened or ended by one decision (a county's
 * monthly 高龄津贴 eligibility list enrols thousands at once). They check and write exactly what
 * recordEntitlement / endEntitlement do for each series, but in a fixed number of statements over
 * the whole input set (a JSON parameter unpacked with jsonb_to_recordset), never a statement per
 * series; the audit log gets one summary entry per call that lists every series it touched.
 */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { ancestorCodes, DomainError, fenToYuanString, invalid, isWithin, type FieldError } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import {
  endEntitlementInput, entitlementInput, monthDate, monthOf,
  type EndEntitlementInput, type EntitlementInput, type Programme,
} from '../domain/index.ts';
import { requireProgramme } from './programmes.ts';

/** At most this many field errors are returned for one batch: enough to fix a generator, not a flood. */
const MAX_REPORTED_ERRORS = 100;

/**
 * Validates every input with `schema`; field paths are prefixed with the input's index
 * ('3.fromMonth'), and the title names the first bad one (1-based, as an official counts).
 */
function parseAll<S extends z.ZodType>(schema: S, raws: unknown[], what: string): z.output<S>[] {
  const out: z.output<S>[] = [];
  const errors: FieldError[] = [];
  let firstBad = -1;
  raws.forEach((raw, index) => {
    const r = schema.safeParse(raw);
    if (r.success) { out.push(r.data); return; }
    if (firstBad < 0) firstBad = index;
    for (const issue of r.error.issues) errors.push({ path: [index, ...issue.path].map(String).join('.'), message: issue.message });
  });
  if (firstBad >= 0) throw invalid(`第 ${firstBad + 1} 条${what}有误`, errors.slice(0, MAX_REPORTED_ERRORS));
  return out;
}

const seriesKey = (sourceModule: string, sourceId: string) => `payments:${sourceModule}:${sourceId}`;

/** A series may appear once per batch: two changes to one series in one call have no order. */
function refuseRepeatedSeries(keys: { sourceModule: string; sourceId: string }[], path: string): void {
  const seen = new Map<string, number>();
  keys.forEach((k, index) => {
    const key = seriesKey(k.sourceModule, k.sourceId);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw invalid(`第 ${index + 1} 条与第 ${earlier + 1} 条是同一来源`, [{ path: `${index}.${path}`, message: `来源 ${k.sourceModule}/${k.sourceId} 在本批中重复` }]);
    }
    seen.set(key, index);
  });
}

/**
 * The same per-series advisory locks as lockSeries, all in one statement, taken in the order of
 * their lock keys: two batches (or a batch and a single call) naming the same series wait for each
 * other instead of deadlocking.
 */
async function lockAllSeries(tx: Tx, keys: { sourceModule: string; sourceId: string }[]): Promise<void> {
  const names = JSON.stringify(keys.map((k) => seriesKey(k.sourceModule, k.sourceId)));
  await tx.rows(sql`
    SELECT count(pg_advisory_xact_lock(l.lock_key))::int AS locked
    FROM (SELECT DISTINCT hashtext(n) AS lock_key FROM jsonb_array_elements_text(${names}::jsonb) AS n ORDER BY 1) l`);
}

/**
 * The narrowest region holding all of `codes`: the audit entry's region, which decides who may read
 * it (a county's run → the county). Null when they share no province (the actor's region applies).
 */
function commonRegion(codes: Iterable<string>): string | null {
  const distinct = [...new Set(codes)];
  const first = distinct[0];
  if (!first) return null;
  const candidates = [first, ...ancestorCodes(first).reverse()];
  return candidates.find((c) => distinct.every((code) => isWithin(code, c))) ?? null;
}

const yuan = (fen: number) => `${fenToYuanString(fen)} 元`;
const names = (values: string[]) => [...new Set(values)].join('、');
const seriesLabel = (sourceModule: string, sourceId: string) => `${sourceModule}/${sourceId}`;

/** The refusal for an input whose programme and beneficiary are already paid for some of its months. */
function overlapError(programme: Programme, index: number, input: { sourceModule: string; sourceId: string }, other: string): DomainError {
  return new DomainError({
    code: 'ENTITLEMENT_OVERLAP', status: 409, title: `第 ${index + 1} 条：该对象在这一期间已有${programme.shortName}待遇`,
    detail: `${other}；同一对象同一项目同一月份只能发放一次`,
    errors: [{ path: `${index}.beneficiary`, message: `来源 ${seriesLabel(input.sourceModule, input.sourceId)} 与${other}重叠` }],
  });
}

/**
 * Opens many NEW series (each `(sourceModule, sourceId)` must have no rows yet; changes to a series
 * go through recordEntitlement). Every check of recordEntitlement applies to each input — schema,
 * programme monthly, beneficiary for the basis, household and payee found through the registry
 * functions, no overlap with a current entitlement of the same programme and beneficiary — and
 * also across the batch (two inputs for one beneficiary and programme with overlapping months).
 * The first refusal names the input (1-based in the title, 0-based in `errors[].path`) and nothing
 * is written. Returns each input's entitlement in input order; version 1 always.
 */
export async function recordEntitlements(tx: Tx, actor: AuditActor, raws: EntitlementInput[]): Promise<{ entitlementId: string; seriesVersion: number }[]> {
  if (!raws.length) return [];
  const inputs = parseAll(entitlementInput, raws, '待遇数据');
  const programmes = inputs.map((input, index) => requireProgramme(input.programme, 'monthly', `${index}.programme`));
  inputs.forEach((input, index) => {
    const programme = programmes[index]!;
    if (programme.basis === 'household' && !input.beneficiary.householdId) {
      throw invalid(`第 ${index + 1} 条：「${programme.name}」按户发放，请指定家庭`, [{ path: `${index}.beneficiary.householdId`, message: '按户发放的项目必须指定家庭' }]);
    }
    if (programme.basis === 'person' && !input.beneficiary.personId) {
      throw invalid(`第 ${index + 1} 条：「${programme.name}」按人发放，请指定人员`, [{ path: `${index}.beneficiary.personId`, message: '按人发放的项目必须指定人员' }]);
    }
  });
  const origins = inputs.map((i) => i.origin);
  refuseRepeatedSeries(origins, 'origin.sourceId');
  await lockAllSeries(tx, origins);

  // One JSON parameter carries the whole set (a parameter per value would pass PostgreSQL's
  // 65,535-parameter limit for a few thousand inputs).
  const rows = inputs.map((input, index) => ({
    idx: index,
    programme: input.programme,
    subject_id: programmes[index]!.basis === 'household' ? input.beneficiary.householdId : input.beneficiary.personId,
    person_id: input.beneficiary.personId ?? null,
    household_id: input.beneficiary.householdId ?? null,
    payee_person_id: input.payeePersonId ?? null,
    person_count: input.personCount ?? 1,
    region_code: input.regionCode,
    from_month: monthDate(input.fromMonth),
    to_month: input.toMonth ? monthDate(input.toMonth) : null,
    monthly_amount_fen: input.monthlyAmountFen,
    breakdown: input.breakdown ?? null,
    rule_version: input.ruleVersion,
    origin_kind: input.origin.kind,
    source_module: input.origin.sourceModule,
    source_id: input.origin.sourceId,
    reason: input.origin.reason,
  }));
  const json = JSON.stringify(rows);
  const inputSet = sql`(
    SELECT * FROM jsonb_to_recordset(${json}::jsonb) AS r(idx int, programme text, subject_id uuid, person_id uuid, household_id uuid,
      payee_person_id uuid, person_count smallint, region_code varchar(12), from_month date, to_month date, monthly_amount_fen bigint,
      breakdown jsonb, rule_version text, origin_kind text, source_module text, source_id text, reason text))`;
  // Who receives the money, as resolveBeneficiary decides it: the named payee, else the person,
  // else the household's head — looked up through the same SECURITY DEFINER functions (the payee or
  // household may be registered outside the caller's jurisdiction).
  const resolved = sql`(
    SELECT i.*, h.found AS household_found, coalesce(i.payee_person_id, i.person_id, h.head_person_id) AS payee_id
    FROM ${inputSet} i
    LEFT JOIN LATERAL (SELECT true AS found, f.head_person_id FROM payments_household_head(i.household_id) f) h ON i.household_id IS NOT NULL)`;

  const [existing] = await tx.rows<{ idx: number; source_module: string; source_id: string }>(sql`
    SELECT i.idx, i.source_module, i.source_id FROM ${inputSet} i
    WHERE EXISTS (SELECT 1 FROM payments_entitlement e WHERE e.source_module = i.source_module AND e.source_id = i.source_id)
    ORDER BY i.idx LIMIT 1`);
  if (existing) {
    throw new DomainError({
      code: 'SERIES_EXISTS', status: 409, title: `第 ${existing.idx + 1} 条的来源 ${seriesLabel(existing.source_module, existing.source_id)} 已有待遇记录`,
      detail: '批量记录只开设新的待遇；已有待遇的变更请逐项记录（recordEntitlement）',
      errors: [{ path: `${existing.idx}.origin.sourceId`, message: '该来源已有待遇记录' }],
    });
  }

  const [unresolved] = await tx.rows<{ idx: number; household_missing: boolean; payee_id: string | null }>(sql`
    SELECT idx, household_id IS NOT NULL AND household_found IS NULL AS household_missing, payee_id
    FROM ${resolved} r
    WHERE (household_id IS NOT NULL AND household_found IS NULL) OR payee_id IS NULL OR NOT payments_payee_exists(payee_id)
    ORDER BY idx LIMIT 1`);
  if (unresolved) {
    const n = unresolved.idx;
    if (unresolved.household_missing) throw invalid(`第 ${n + 1} 条：家庭不存在`, [{ path: `${n}.beneficiary.householdId`, message: '人口与家庭基础库中没有该家庭' }]);
    if (!unresolved.payee_id) throw invalid(`第 ${n + 1} 条：无法确定收款人`, [{ path: `${n}.payeePersonId`, message: '该家庭没有户主，请指定收款人' }]);
    throw invalid(`第 ${n + 1} 条：收款人不存在`, [{ path: `${n}.payeePersonId`, message: '人口与家庭基础库中没有该收款人' }]);
  }

  // Paying one beneficiary a programme twice for a month is refused, against the current ledger…
  const [overlap] = await tx.rows<{ idx: number; source_module: string; source_id: string; from_month: string }>(sql`
    SELECT i.idx, e.source_module, e.source_id, e.from_month::text FROM ${inputSet} i
    JOIN payments_entitlement e ON e.programme = i.programme AND e.subject_id = i.subject_id AND e.kind = 'monthly' AND e.superseded_at IS NULL
      AND e.from_month <= coalesce(i.to_month, 'infinity'::date) AND coalesce(e.to_month, 'infinity'::date) >= i.from_month
    ORDER BY i.idx, e.from_month LIMIT 1`);
  if (overlap) {
    throw overlapError(programmes[overlap.idx]!, overlap.idx, origins[overlap.idx]!,
      `已有来源 ${seriesLabel(overlap.source_module, overlap.source_id)} 自 ${monthOf(overlap.from_month)} 起的待遇`);
  }
  // …and within the batch: the later of two overlapping inputs is the one refused. A window over
  // each beneficiary's inputs in month order finds the beneficiaries with a clash (an input starting
  // before an earlier one ends) in one sort; only their inputs are paired to name the two.
  const [twice] = await tx.rows<{ idx: number; earlier: number }>(sql`
    WITH i AS MATERIALIZED ${inputSet},
    clash AS (
      SELECT DISTINCT programme, subject_id FROM (
        SELECT programme, subject_id, from_month, max(coalesce(to_month, 'infinity'::date)) OVER (
          PARTITION BY programme, subject_id ORDER BY from_month, idx ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
        FROM i) w
      WHERE from_month <= reach),
    suspects AS MATERIALIZED (SELECT i.* FROM i JOIN clash c ON c.programme = i.programme AND c.subject_id = i.subject_id)
    SELECT b.idx, a.idx AS earlier FROM suspects a
    JOIN suspects b ON b.programme = a.programme AND b.subject_id = a.subject_id AND b.idx > a.idx
      AND b.from_month <= coalesce(a.to_month, 'infinity'::date) AND coalesce(b.to_month, 'infinity'::date) >= a.from_month
    ORDER BY b.idx, a.idx LIMIT 1`);
  if (twice) {
    const earlier = origins[twice.earlier]!;
    throw overlapError(programmes[twice.idx]!, twice.idx, origins[twice.idx]!,
      `本批第 ${twice.earlier + 1} 条（来源 ${seriesLabel(earlier.sourceModule, earlier.sourceId)}，自 ${inputs[twice.earlier]!.fromMonth} 起）的待遇`);
  }

  // The series, version 1 each, and each beneficiary marked for settlement from its first month
  // (a decision effective from a month already in a roll is paid as 补发), in one statement.
  const created = await tx.rows<{ id: string; source_module: string; source_id: string }>(sql`
    WITH ins AS (
      INSERT INTO payments_entitlement (programme, kind, subject_id, person_id, household_id, payee_person_id, person_count, region_code,
        from_month, to_month, monthly_amount_fen, breakdown, rule_version, origin_kind, source_module, source_id, reason, series_version,
        created_by, created_by_name)
      SELECT programme, 'monthly', subject_id, person_id, household_id, payee_id, person_count, region_code,
        from_month, to_month, monthly_amount_fen, coalesce(breakdown, 'null'::jsonb), rule_version, origin_kind, source_module, source_id, reason, 1,
        ${actor.actorId}::uuid, ${actor.actorName}
      FROM ${resolved} r ORDER BY idx
      RETURNING id, programme, subject_id, region_code, from_month, source_module, source_id),
    recalc AS (
      INSERT INTO payments_recalc (programme, subject_id, region_code, from_month)
      SELECT programme, subject_id, region_code, from_month FROM ins)
    SELECT id, source_module, source_id FROM ins`);
  // Back to input order by series (a join with the input set here would be planned on a guess).
  const position = new Map(origins.map((o, index) => [seriesKey(o.sourceModule, o.sourceId), index]));
  const ids: string[] = [];
  for (const c of created) ids[position.get(seriesKey(c.source_module, c.source_id))!] = c.id;

  const total = inputs.reduce((sum, i) => sum + i.monthlyAmountFen, 0);
  const reasons = names(origins.map((o) => o.reason));
  await appendAudit(tx, actor, {
    action: 'payments.entitlement_record_bulk', entityType: 'payments_entitlement', entityId: ids[0]!,
    regionCode: commonRegion(inputs.map((i) => i.regionCode)),
    summary: `${names(programmes.map((p) => p.shortName))}待遇批量记录：${inputs.length} 项，每月合计 ${yuan(total)}（来源 ${names(origins.map((o) => o.sourceModule))}`
      + `${new Set(origins.map((o) => o.reason)).size === 1 ? `，${reasons}` : ''}）`,
    diff: {
      programme: { before: null, after: names(programmes.map((p) => p.code)) },
      count: { before: null, after: inputs.length },
      totalMonthlyAmountFen: { before: null, after: total },
      sourceModule: { before: null, after: names(origins.map((o) => o.sourceModule)) },
      // Each series stays findable from the log (the ledger's list filters by source), in input order.
      sourceIds: { before: null, after: origins.map((o) => o.sourceId) },
    },
  });
  return ids.map((entitlementId) => ({ entitlementId, seriesVersion: 1 }));
}

/**
 * Stops many series, each after its `lastMonth`, as endEntitlement does one: the current rows
 * reaching past `lastMonth` are superseded and their part up to it kept as a new version with the
 * stop's reason; a series ended before its first month keeps a version of amount 0 that is
 * superseded from birth (see endEntitlement); each stopped beneficiary is marked for settlement
 * from the month after. A series with nothing current past `lastMonth` is left alone
 * (`ended: false`). Returns each input's result in input order.
 */
export async function endEntitlements(tx: Tx, actor: AuditActor, raws: EndEntitlementInput[]): Promise<{ ended: boolean }[]> {
  if (!raws.length) return [];
  const inputs = parseAll(endEntitlementInput, raws, '停发数据');
  refuseRepeatedSeries(inputs, 'sourceId');
  await lockAllSeries(tx, inputs);
  const json = JSON.stringify(inputs.map((input, index) => ({
    idx: index, source_module: input.sourceModule, source_id: input.sourceId, last_month: monthDate(input.lastMonth), end_reason: input.reason,
  })));

  // One statement: the data-modifying parts all read `affected` as it was before the call, like
  // the single path reads the series before writing.
  const ended = await tx.rows<{ idx: number; id: string; programme: string; region_code: string }>(sql`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${json}::jsonb) AS r(idx int, source_module text, source_id text, last_month date, end_reason text)),
    series AS (
      SELECT i.idx, max(e.series_version) + 1 AS version FROM input i
      JOIN payments_entitlement e ON e.source_module = i.source_module AND e.source_id = i.source_id GROUP BY i.idx),
    affected AS (
      SELECT i.idx, i.last_month, i.end_reason, s.version, e.id, e.programme, e.kind, e.subject_id, e.person_id, e.household_id, e.payee_person_id,
        e.person_count, e.region_code, e.from_month, e.monthly_amount_fen, e.breakdown, e.rule_version, e.source_module, e.source_id, e.series_version
      FROM input i JOIN series s ON s.idx = i.idx
      JOIN payments_entitlement e ON e.source_module = i.source_module AND e.source_id = i.source_id
      WHERE e.kind = 'monthly' AND e.superseded_at IS NULL AND (e.to_month IS NULL OR e.to_month > i.last_month)),
    per_series AS (
      -- Whether any month of the series is kept: a window, not a self-join (the planner guesses
      -- the input's size and would pair every row with every other).
      SELECT a.*, bool_or(a.from_month <= a.last_month) OVER (PARTITION BY a.idx) AS keeps_some FROM affected a),
    kept AS (
      -- The months up to lastMonth stay owed: a copy of each row cut at lastMonth.
      INSERT INTO payments_entitlement (programme, kind, subject_id, person_id, household_id, payee_person_id, person_count, region_code,
        from_month, to_month, monthly_amount_fen, breakdown, rule_version, origin_kind, source_module, source_id, reason, series_version,
        created_by, created_by_name)
      SELECT programme, kind, subject_id, person_id, household_id, payee_person_id, person_count, region_code,
        from_month, last_month, monthly_amount_fen, breakdown, rule_version, 'end', source_module, source_id,
        end_reason, version, ${actor.actorId}::uuid, ${actor.actorName}
      FROM affected WHERE from_month <= last_month),
    never_owed AS (
      -- Ended before its first month: nothing is kept, but the end is written down as a version of
      -- amount 0 superseded from birth (it pays and blocks nothing; the next roll's recovery lines
      -- take its reason), copied from the series' earliest affected row — endEntitlement's rule.
      INSERT INTO payments_entitlement (programme, kind, subject_id, person_id, household_id, payee_person_id, person_count, region_code,
        from_month, to_month, monthly_amount_fen, breakdown, rule_version, origin_kind, source_module, source_id, reason, series_version,
        superseded_at, created_by, created_by_name)
      SELECT DISTINCT ON (a.idx) a.programme, a.kind, a.subject_id, a.person_id, a.household_id, a.payee_person_id, a.person_count, a.region_code,
        a.from_month, a.from_month, 0, a.breakdown, a.rule_version, 'end', a.source_module, a.source_id,
        a.end_reason, a.version, now(), ${actor.actorId}::uuid, ${actor.actorName}
      FROM per_series a WHERE NOT a.keeps_some
      ORDER BY a.idx, a.from_month, a.series_version),
    superseded AS (
      UPDATE payments_entitlement e SET superseded_at = now() FROM affected a WHERE e.id = a.id),
    first_affected AS (
      -- The row that names the series in the audit and its settlement: the oldest version's earliest row.
      SELECT DISTINCT ON (idx) idx, id, programme, subject_id, region_code, last_month FROM affected ORDER BY idx, series_version, from_month),
    recalc AS (
      INSERT INTO payments_recalc (programme, subject_id, region_code, from_month)
      SELECT programme, subject_id, region_code, (last_month + interval '1 month')::date FROM first_affected)
    SELECT idx, id, programme, region_code FROM first_affected ORDER BY idx`);

  if (ended.length) {
    const endedInputs = ended.map((e) => inputs[e.idx]!);
    await appendAudit(tx, actor, {
      action: 'payments.entitlement_end_bulk', entityType: 'payments_entitlement', entityId: ended[0]!.id,
      regionCode: commonRegion(ended.map((e) => e.region_code)),
      summary: `${names(ended.map((e) => requireProgramme(e.programme).shortName))}待遇批量停发：${ended.length} 项（来源 ${names(endedInputs.map((i) => i.sourceModule))}）`,
      diff: {
        programme: { before: null, after: names(ended.map((e) => e.programme)) },
        count: { before: null, after: ended.length },
        sourceModule: { before: null, after: names(endedInputs.map((i) => i.sourceModule)) },
        // Each stop stays findable from the log (its versions carry the last month and the reason).
        sourceIds: { before: null, after: endedInputs.map((i) => i.sourceId) },
      },
    });
  }
  const endedIdx = new Set(ended.map((e) => e.idx));
  return inputs.map((_, index) => ({ ended: endedIdx.has(index) }));
}
