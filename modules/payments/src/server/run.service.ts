/** 一次性发放: 节日生活补贴 and 物价补贴 declared once, paid by each county's own roll. */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { DomainError, fenToYuanString, invalid, isWithin, notFound, subtreeRange } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { INDICATOR_NAMES, monthDate, monthLabel, monthOf, RUN_KIND_NAMES, triggerMet, type RunView, type runInput } from '../domain/index.ts';
import { findProgramme } from './programmes.ts';
import { fillRoll, requireCountyActor, ROLL_COLUMNS, rollEvent, rollTitle, totalsSummary, type RollRow } from './roll.generate.ts';

interface RunRow {
  id: string; kind: RunView['kind']; name: string; programmes: string[]; basis: RunView['basis']; amount_fen: string; month: string;
  trigger: RunView['trigger']; note: string; region_code: string; region_name: string | null; created_by_name: string | null; created_at: string;
}

const RUN_SELECT = sql.raw(`r.id, r.kind, r.name, r.programmes, r.basis, r.amount_fen, r.month::text AS month, r.trigger, r.note, r.region_code,
  g.name AS region_name, r.created_by_name, r.created_at`);

const toView = (r: RunRow): RunView => ({
  id: r.id, kind: r.kind, name: r.name, programmes: r.programmes, basis: r.basis, amountFen: Number(r.amount_fen), month: monthOf(r.month),
  note: r.note, trigger: r.trigger, regionCode: r.region_code, regionName: r.region_name ?? r.region_code, createdByName: r.created_by_name,
  createdAt: new Date(r.created_at).toISOString(),
});

export async function createRun(tx: Tx, actor: Actor, who: AuditActor, input: z.output<typeof runInput>): Promise<RunView> {
  const unknown = input.programmes.filter((p) => !findProgramme(p)?.monthly);
  if (unknown.length) throw invalid('所列项目不是按月发放的项目', [{ path: 'programmes', message: `未登记或不按月发放：${unknown.join('、')}` }]);
  if (input.trigger && !triggerMet(input.trigger)) {
    throw new DomainError({
      code: 'TRIGGER_NOT_MET', status: 422, title: '未达到物价补贴启动条件',
      detail: `${INDICATOR_NAMES[input.trigger.indicator]} ${input.trigger.observedMonth} 为 ${input.trigger.observedPct}%，低于启动条件 ${input.trigger.thresholdPct}%`,
      errors: [{ path: 'trigger.observedPct', message: `低于启动条件 ${input.trigger.thresholdPct}%` }],
    });
  }
  const [row] = await tx.rows<{ id: string }>(sql`
    INSERT INTO payments_run (kind, name, programmes, basis, amount_fen, month, trigger, note, region_code, created_by, created_by_name)
    VALUES (${input.kind}, ${input.name}, ${sql.param(input.programmes)}::text[], ${input.basis}, ${input.amountFen}, ${monthDate(input.month)}::date,
            ${input.trigger ? JSON.stringify(input.trigger) : null}::jsonb, ${input.note}, ${actor.regionCode}, ${who.actorId}::uuid, ${who.actorName})
    RETURNING id`);
  const run = await getRun(tx, actor.regionCode, row!.id);
  const per = input.basis === 'person' ? '每人' : '每户';
  await appendAudit(tx, who, {
    action: 'payments.run_create', entityType: 'payments_run', entityId: row!.id, regionCode: actor.regionCode,
    summary: `设定${RUN_KIND_NAMES[input.kind]}「${input.name}」：${input.programmes.map((p) => findProgramme(p)!.shortName).join('、')}对象${per} ${fenToYuanString(input.amountFen)} 元，${monthLabel(input.month)}发放${input.trigger ? `（${INDICATOR_NAMES[input.trigger.indicator]} ${input.trigger.observedPct}% ≥ ${input.trigger.thresholdPct}%，来源：${input.trigger.source}）` : ''}`,
    diff: { run: { before: null, after: input } },
  });
  return run!;
}

/** A run declared in the caller's subtree or by one of its ancestors (the province's 春节 subsidy). */
export async function getRun(tx: Tx, regionCode: string, id: string): Promise<RunView | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const range = subtreeRange(regionCode);
  const [r] = await tx.rows<RunRow>(sql`
    SELECT ${RUN_SELECT} FROM payments_run r LEFT JOIN region g ON g.code = r.region_code
    WHERE r.id = ${id}::uuid AND ((r.region_code >= ${range.from} AND r.region_code < ${range.to}) OR payments_region_covers(r.region_code, ${regionCode}))`);
  return r ? toView(r) : null;
}

export async function listRuns(tx: Tx, regionCode: string, f: { kind?: string; page: number; pageSize: number }): Promise<{ items: RunView[]; total: number }> {
  const range = subtreeRange(regionCode);
  const rows = await tx.rows<RunRow & { total: string }>(sql`
    SELECT ${RUN_SELECT}, count(*) OVER () AS total FROM payments_run r LEFT JOIN region g ON g.code = r.region_code
    WHERE ((r.region_code >= ${range.from} AND r.region_code < ${range.to}) OR payments_region_covers(r.region_code, ${regionCode}))
      ${f.kind ? sql`AND r.kind = ${f.kind}` : sql``}
    ORDER BY r.month DESC, r.created_at DESC LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  return { items: rows.map(toView), total: rows.length ? Number(rows[0]!.total) : 0 };
}

/** POST /payments/runs/{id}/rolls: the caller's county's share of a run, as a draft roll. */
export async function generateRunRoll(tx: Tx, actor: Actor, who: AuditActor, runId: string): Promise<string> {
  const county = requireCountyActor(actor);
  const run = await getRun(tx, county, runId);
  if (!run || !isWithin(county, run.regionCode)) throw notFound('一次性发放不存在或不适用于本辖区');
  const [existing] = await tx.rows(sql`SELECT 1 FROM payments_roll WHERE run_id = ${runId}::uuid AND region_code = ${county}`);
  if (existing) throw new DomainError({ code: 'ROLL_EXISTS', status: 409, title: `本县「${run.name}」发放表已生成`, detail: '如需按最新名单重算，请在草稿状态下重新生成' });
  const rollNo = `FF-${county.slice(0, 6)}-${run.month.replace('-', '')}-RUN-${runId.slice(0, 8)}`;
  const [{ id }] = await tx.rows<{ id: string }>(sql`
    INSERT INTO payments_roll (roll_no, kind, run_id, region_code, month, generated_by, generated_by_name)
    VALUES (${rollNo}, 'run', ${runId}::uuid, ${county}, ${monthDate(run.month)}::date, ${who.actorId}::uuid, ${who.actorName}) RETURNING id`) as [{ id: string }];
  const roll = { id, kind: 'run' as const, programme: null, run_id: runId, region_code: county, month: monthDate(run.month) };
  await fillRoll(tx, roll);
  const [after] = await tx.rows<RollRow>(sql`SELECT ${ROLL_COLUMNS} FROM payments_roll r WHERE r.id = ${id}::uuid`);
  await rollEvent(tx, who, roll, { action: 'generate', from: null, to: 'draft', detail: { runId, lines: after!.line_count } });
  await appendAudit(tx, who, {
    action: 'payments.roll_generate', entityType: 'payments_roll', entityId: id, regionCode: county,
    summary: `生成「${run.name}」${rollTitle(after!)}：${totalsSummary(after!)}`,
    diff: { lines: { before: null, after: after!.line_count }, amountFen: { before: null, after: Number(after!.amount_fen) } },
  });
  return id;
}
