/**
 * 暂停发放 (payment holds): generic — any module may hold a subject's regular payments while it
 * checks something (静默认证 failed, a complaint under review) and release them when done. Held
 * months are not lost: on release the subject is marked for settlement, and the next roll pays
 * what the entitlement still says was owed for them as 补发 (nothing for months it was ended for).
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { invalid, type FieldError } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { monthDate } from '../domain/index.ts';

const code = z.string().regex(/^[a-z][a-z0-9_]{1,31}$/, '模块或项目代码格式不正确');
const holdItem = z.object({
  /** Null or absent: every monthly programme the subject is paid by. */
  programme: code.nullish(),
  subject: z.object({
    personId: z.uuid('人员编号格式不正确').optional(),
    householdId: z.uuid('家庭编号格式不正确').optional(),
    sourceModule: code.optional(),
    sourceId: z.string().min(1).max(100).optional(),
  }).refine((s) => Number(!!s.personId) + Number(!!s.householdId) + Number(!!(s.sourceModule && s.sourceId)) === 1, '须且只能指定人员、家庭或待遇来源之一'),
  fromMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应为 YYYY-MM'),
  reason: z.string().trim().min(1, '请填写暂停发放原因').max(500),
  sourceModule: code,
  sourceId: z.string().min(1).max(100),
});
export type HoldInput = z.input<typeof holdItem>;

const releaseInput = z.object({
  sourceModule: code, sourceId: z.string().min(1).max(100), reason: z.string().trim().min(1, '请填写恢复发放原因').max(500),
});
export type ReleaseInput = z.input<typeof releaseInput>;

function parse<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const r = schema.safeParse(raw);
  if (!r.success) {
    const errors: FieldError[] = r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw invalid('暂停发放数据有误', errors);
  }
  return r.data;
}

/**
 * Holds the regular payments of the subjects named from `fromMonth` on. Accepts one request or
 * many (a monitoring run holds all its failures at once): one INSERT … SELECT resolves each
 * request to the current monthly entitlements it names — a person (as the beneficiary the decision
 * named: their own entitlement, or the household's whose applicant they are), a household, or an
 * entitlement series — and opens one hold per programme and subject. Holding again for the same
 * matter is a no-op. Returns how many holds were opened.
 */
export async function holdPayments(tx: Tx, actor: AuditActor, raw: HoldInput | HoldInput[]): Promise<{ held: number }> {
  const items = parse(z.array(holdItem).max(1_000_000), Array.isArray(raw) ? raw : [raw]);
  if (!items.length) return { held: 0 };
  const rows = items.map((i) => ({
    programme: i.programme ?? null, person_id: i.subject.personId ?? null, household_id: i.subject.householdId ?? null,
    ent_module: i.subject.sourceModule ?? null, ent_source: i.subject.sourceId ?? null, from_month: monthDate(i.fromMonth),
    reason: i.reason, source_module: i.sourceModule, source_id: i.sourceId,
  }));
  const [r] = await tx.rows<{ n: number; regions: string[] }>(sql`
    WITH req AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS q(programme text, person_id uuid, household_id uuid,
        ent_module text, ent_source text, from_month date, reason text, source_module text, source_id text)),
    hit AS (
      SELECT DISTINCT ON (q.source_module, q.source_id, e.programme, e.subject_id)
        e.programme, e.subject_id, e.region_code, q.from_month, q.reason, q.source_module, q.source_id
      FROM req q JOIN payments_entitlement e
        ON e.kind = 'monthly' AND e.superseded_at IS NULL AND coalesce(e.to_month, 'infinity'::date) >= q.from_month
       AND (q.programme IS NULL OR e.programme = q.programme)
       AND ((q.person_id IS NOT NULL AND e.person_id = q.person_id)
         OR (q.household_id IS NOT NULL AND e.subject_id = q.household_id)
         OR (q.ent_module IS NOT NULL AND e.source_module = q.ent_module AND e.source_id = q.ent_source))
      ORDER BY q.source_module, q.source_id, e.programme, e.subject_id, q.from_month),
    ins AS (
      INSERT INTO payments_hold (programme, subject_id, region_code, from_month, reason, source_module, source_id, held_by, held_by_name)
      SELECT programme, subject_id, region_code, from_month, reason, source_module, source_id, ${actor.actorId}::uuid, ${actor.actorName} FROM hit
      ON CONFLICT (source_module, source_id, programme, subject_id) WHERE released_at IS NULL DO NOTHING
      RETURNING region_code)
    SELECT count(*)::int AS n, coalesce(array_agg(DISTINCT region_code), '{}') AS regions FROM ins`);
  const held = r?.n ?? 0;
  if (held > 0) {
    const first = items[0]!;
    await appendAudit(tx, actor, {
      action: 'payments.hold', entityType: 'payments_hold', entityId: items.length === 1 ? `${first.sourceModule}/${first.sourceId}` : first.sourceModule,
      regionCode: commonRegion(r!.regions),
      summary: items.length === 1
        ? `暂停发放 ${held} 项待遇，自 ${first.fromMonth} 起（${first.reason}）`
        : `暂停发放 ${held} 项待遇（${items.length} 个事项，${first.sourceModule}）`,
      diff: { held: { before: null, after: held }, fromMonth: { before: null, after: first.fromMonth } },
    });
  }
  return { held };
}

/**
 * Releases the open holds of one matter. Each released subject is marked for settlement from the
 * hold's first month, so the next roll of its programme pays the held months as 补发 — what the
 * entitlement says now, so months it was ended for meanwhile owe nothing.
 */
export async function releaseHold(tx: Tx, actor: AuditActor, raw: ReleaseInput): Promise<{ released: number }> {
  const input = parse(releaseInput, raw);
  const [r] = await tx.rows<{ n: number; regions: string[] }>(sql`
    WITH rel AS (
      UPDATE payments_hold SET released_at = now(), released_by = ${actor.actorId}::uuid, released_by_name = ${actor.actorName},
        release_reason = ${input.reason}
      WHERE source_module = ${input.sourceModule} AND source_id = ${input.sourceId} AND released_at IS NULL
      RETURNING programme, subject_id, region_code, from_month),
    mark AS (
      INSERT INTO payments_recalc (programme, subject_id, region_code, from_month)
      SELECT programme, subject_id, region_code, from_month FROM rel RETURNING 1)
    SELECT (SELECT count(*) FROM rel)::int AS n, coalesce((SELECT array_agg(DISTINCT region_code) FROM rel), '{}') AS regions`);
  const released = r?.n ?? 0;
  if (released > 0) {
    await appendAudit(tx, actor, {
      action: 'payments.hold_release', entityType: 'payments_hold', entityId: `${input.sourceModule}/${input.sourceId}`,
      regionCode: commonRegion(r!.regions),
      summary: `恢复发放 ${released} 项待遇，暂停期间的月份由下一期发放表补发（${input.reason}）`,
      diff: { released: { before: null, after: released } },
    });
  }
  return { released };
}

/** The narrowest region code that covers all the given ones (their common prefix, zero-padded). */
function commonRegion(codes: string[]): string | undefined {
  if (!codes.length) return undefined;
  let prefix = codes[0]!;
  for (const c of codes) while (!c.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = [12, 9, 6, 4, 2, 0].find((n) => n <= prefix.length)!;
  // Holds in two provinces share no region: the entry goes under the caller's own region.
  return cut ? prefix.slice(0, cut).padEnd(12, '0') : undefined;
}
