import { sql } from 'drizzle-orm';
import type { Database, Tx } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { appendAudit } from '@mz/audit/server';
import { invalid, notFound, subtreeRange, todayInShanghai } from '@mz/kernel';
import {
  checkRuleParams, findRule, findSource, isStale, RULES, SEVERITY_NAMES, SOURCES,
  type HandlingLevel, type RuleConfig, type Severity,
} from '../domain/index.ts';

/**
 * Writes the catalogue's sources and rules into their tables: new ones with their defaults; for
 * existing sources the names and owner follow the code, while the deployment's refresh cycle,
 * retention and rule settings are kept. Idempotent, run at start-up (system work).
 */
export async function ensureCatalogue(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run(sql`
      INSERT INTO verification_source (code, name, owner, kind, refresh_days, retention_days)
      SELECT code, name, owner, kind, refresh_days, retention_days
      FROM jsonb_to_recordset(${JSON.stringify(SOURCES.map((s) => ({ code: s.code, name: s.name, owner: s.owner, kind: s.kind, refresh_days: s.refreshDays, retention_days: s.retentionDays })))}::jsonb)
        AS s(code text, name text, owner text, kind text, refresh_days integer, retention_days integer)
      ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, owner = EXCLUDED.owner, kind = EXCLUDED.kind`);
    await tx.run(sql`
      INSERT INTO verification_rule (code, severity, handling_level, deadline_days, params)
      SELECT code, severity, handling_level, deadline_days, params
      FROM jsonb_to_recordset(${JSON.stringify(RULES.map((r) => ({ code: r.code, severity: r.severity, handling_level: r.handlingLevel, deadline_days: r.deadlineDays, params: r.defaults })))}::jsonb)
        AS r(code text, severity text, handling_level smallint, deadline_days smallint, params jsonb)
      ON CONFLICT (code) DO NOTHING`);
  });
}

export interface SourceView {
  code: string; name: string; owner: string; kind: 'file' | 'internal'; description: string;
  refreshDays: number; retentionDays: number;
  columns: { header: string; required: boolean; values: string[] | null; hint: string | null }[];
  /** Current snapshots visible to the caller (their jurisdiction's and those above). */
  current: { snapshotId: string; version: number; asOf: string; regionCode: string; accepted: number; persons: number; stale: boolean }[];
}

export async function listSources(tx: Tx, scopeRegion: string, today = todayInShanghai()): Promise<SourceView[]> {
  const scope = subtreeRange(scopeRegion);
  const rows = await tx.rows<{ code: string; refresh_days: number; retention_days: number }>(sql`SELECT code, refresh_days, retention_days FROM verification_source`);
  const snaps = await tx.rows<{ id: string; source_code: string; version: number; as_of: string; region_code: string; accepted: number; persons: number }>(sql`
    SELECT id, source_code, version, as_of::text, region_code, accepted, persons FROM verification_snapshot
    WHERE status = 'current' AND ((region_code >= ${scope.from} AND region_code < ${scope.to}) OR verification_region_covers(region_code, ${scopeRegion}))
    ORDER BY source_code, region_code`);
  return SOURCES.map((s) => {
    const row = rows.find((r) => r.code === s.code);
    const refreshDays = row?.refresh_days ?? s.refreshDays;
    return {
      code: s.code, name: s.name, owner: s.owner, kind: s.kind, description: s.description,
      refreshDays, retentionDays: row?.retention_days ?? s.retentionDays,
      columns: s.columns.map((c) => ({ header: c.header, required: c.required, values: c.values ? [...c.values] : null, hint: c.hint ?? null })),
      current: snaps.filter((x) => x.source_code === s.code).map((x) => ({
        snapshotId: x.id, version: x.version, asOf: x.as_of, regionCode: x.region_code, accepted: x.accepted, persons: x.persons,
        stale: isStale({ asOf: x.as_of, refreshDays }, today),
      })),
    };
  });
}

export async function updateSource(tx: Tx, who: AuditActor, code: string, patch: { refreshDays?: number; retentionDays?: number }): Promise<void> {
  const def = findSource(code);
  if (!def) throw notFound('数据来源不存在');
  if (def.kind === 'internal') throw invalid('本平台台账无需设置更新周期和保留期限');
  const [before] = await tx.rows<{ refresh_days: number; retention_days: number }>(sql`SELECT refresh_days, retention_days FROM verification_source WHERE code = ${code} FOR UPDATE`);
  if (!before) throw notFound('数据来源不存在');
  const after = { refresh_days: patch.refreshDays ?? before.refresh_days, retention_days: patch.retentionDays ?? before.retention_days };
  if (after.retention_days < after.refresh_days) {
    throw invalid('保留期限不能短于更新周期', [{ path: 'retentionDays', message: `至少 ${after.refresh_days} 天，否则新数据到达前旧数据已被清除` }]);
  }
  await tx.run(sql`UPDATE verification_source SET refresh_days = ${after.refresh_days}, retention_days = ${after.retention_days},
    updated_by = ${who.actorId}::uuid, updated_at = now() WHERE code = ${code}`);
  await appendAudit(tx, who, {
    action: 'verification.source_update', entityType: 'verification_source', entityId: code,
    summary: `修改数据来源「${def.name}」：更新周期 ${after.refresh_days} 天，保留期限 ${after.retention_days} 天`,
    diff: {
      refreshDays: { before: before.refresh_days, after: after.refresh_days },
      retentionDays: { before: before.retention_days, after: after.retention_days },
    },
  });
}

export interface RuleView extends RuleConfig {
  name: string; description: string; advice: string; sources: string[]; requiresProgrammes: string[];
  severityName: string; defaults: Record<string, unknown>; updatedAt: string;
}

interface RuleRow { code: string; active: boolean; severity: Severity; handling_level: number; deadline_days: number; params: Record<string, unknown>; updated_at: string }

export async function ruleConfigs(tx: Tx): Promise<(RuleConfig & { updatedAt: string })[]> {
  const rows = await tx.rows<RuleRow>(sql`SELECT code, active, severity, handling_level, deadline_days, params, updated_at FROM verification_rule ORDER BY code`);
  return rows.map((r) => ({
    code: r.code, active: r.active, severity: r.severity, handlingLevel: Number(r.handling_level) as HandlingLevel,
    deadlineDays: Number(r.deadline_days), params: r.params, updatedAt: new Date(r.updated_at).toISOString(),
  }));
}

export async function listRules(tx: Tx): Promise<RuleView[]> {
  const configs = await ruleConfigs(tx);
  return RULES.flatMap((def) => {
    const cfg = configs.find((c) => c.code === def.code);
    if (!cfg) return [];
    return [{
      ...cfg, name: def.name, description: def.description, advice: def.advice, sources: [...def.sources],
      requiresProgrammes: [...(def.requiresProgrammes ?? [])], severityName: SEVERITY_NAMES[cfg.severity], defaults: def.defaults,
    }];
  });
}

export interface RulePatch { active?: boolean; severity?: Severity; handlingLevel?: HandlingLevel; deadlineDays?: number; params?: Record<string, unknown> }

export async function updateRule(tx: Tx, who: AuditActor, code: string, patch: RulePatch): Promise<RuleView> {
  const def = findRule(code);
  if (!def) throw notFound('监测规则不存在');
  const [before] = await tx.rows<RuleRow>(sql`SELECT code, active, severity, handling_level, deadline_days, params, updated_at FROM verification_rule WHERE code = ${code} FOR UPDATE`);
  if (!before) throw notFound('监测规则不存在');
  let params = before.params;
  if (patch.params !== undefined) {
    const checked = checkRuleParams(code, { ...before.params, ...patch.params });
    if (!checked.ok) throw invalid('规则参数不正确', checked.errors);
    params = checked.value;
  }
  const after = {
    active: patch.active ?? before.active, severity: patch.severity ?? before.severity,
    handling_level: patch.handlingLevel ?? Number(before.handling_level), deadline_days: patch.deadlineDays ?? Number(before.deadline_days), params,
  };
  await tx.run(sql`UPDATE verification_rule SET active = ${after.active}, severity = ${after.severity}, handling_level = ${after.handling_level},
    deadline_days = ${after.deadline_days}, params = ${JSON.stringify(after.params)}::jsonb, updated_by = ${who.actorId}::uuid, updated_at = now()
    WHERE code = ${code}`);
  const diff: Record<string, { before: unknown; after: unknown }> = {};
  for (const [k, b, a] of [
    ['active', before.active, after.active], ['severity', before.severity, after.severity],
    ['handlingLevel', Number(before.handling_level), after.handling_level], ['deadlineDays', Number(before.deadline_days), after.deadline_days],
    ['params', before.params, after.params],
  ] as const) {
    if (JSON.stringify(b) !== JSON.stringify(a)) diff[k] = { before: b, after: a };
  }
  await appendAudit(tx, who, {
    action: 'verification.rule_update', entityType: 'verification_rule', entityId: code,
    summary: `修改监测规则「${def.name}」：${Object.keys(diff).join('、') || '无变化'}`, diff,
  });
  return (await listRules(tx)).find((r) => r.code === code)!;
}
