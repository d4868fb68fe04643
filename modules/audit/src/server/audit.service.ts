import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { subtreeRange } from '@mz/kernel';
import type { AuditDiff, AuditQuery, AuditRow } from '../domain/index.ts';

export interface AuditEntry {
  action: string;
  summary: string;
  entityType?: string;
  entityId?: string;
  /** Region of the affected object; defaults to the actor's. Decides who may read the entry. */
  regionCode?: string | null;
  diff?: AuditDiff | null;
}

/**
 * Appends one entry inside the caller's transaction, so the entry and the change it describes
 * commit or vanish together. The database assigns the id and chains the hash (0004_audit.sql).
 */
export async function appendAudit(tx: Tx, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await tx.run(sql`
    INSERT INTO audit_log (actor_id, actor_name, actor_region, ip, action, entity_type, entity_id, region_code, summary, diff, prev_hash, hash)
    VALUES (${actor.actorId}, ${actor.actorName}, ${actor.actorRegion}, ${actor.ip}, ${entry.action},
            ${entry.entityType ?? null}, ${entry.entityId ?? null}, ${entry.regionCode ?? actor.actorRegion},
            ${entry.summary.slice(0, 500)}, ${entry.diff ? JSON.stringify(entry.diff) : null}::jsonb, '', '')`);
}

export type AuditFilter = AuditQuery;


export async function listAudit(tx: Tx, f: AuditFilter, scopeRegion: string): Promise<{ items: AuditRow[]; total: number }> {
  const scope = subtreeRange(scopeRegion);
  const within = f.regionCode ? subtreeRange(f.regionCode) : scope;
  const where = sql.join([
    sql`a.region_code >= ${scope.from} AND a.region_code < ${scope.to}`,
    sql`a.region_code >= ${within.from} AND a.region_code < ${within.to}`,
    f.actor ? sql`a.actor_name ILIKE ${'%' + escapeLike(f.actor) + '%'}` : undefined,
    f.action ? sql`a.action = ${f.action}` : undefined,
    f.entityType ? sql`a.entity_type = ${f.entityType}` : undefined,
    f.from ? sql`a.at >= ${f.from}::date` : undefined,
    f.to ? sql`a.at < (${f.to}::date + 1)` : undefined,
  ].filter((c) => c !== undefined), sql` AND `);
  const [{ total }] = await tx.rows<{ total: string }>(sql`SELECT count(*)::text AS total FROM audit_log a WHERE ${where}`);
  const rows = await tx.rows<Record<string, any>>(sql`
    SELECT a.id::text AS id, a.at, a.actor_id, a.actor_name, a.actor_region, r.name AS actor_region_name, a.ip, a.action,
           a.entity_type, a.entity_id, a.region_code, a.summary, a.diff
    FROM audit_log a LEFT JOIN region r ON r.code = a.actor_region WHERE ${where}
    ORDER BY a.id DESC LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  return {
    total: Number(total),
    items: rows.map((r) => ({
      id: r.id, at: new Date(r.at).toISOString(), actorId: r.actor_id, actorName: r.actor_name, actorRegion: r.actor_region, actorRegionName: r.actor_region_name, ip: r.ip,
      action: r.action, entityType: r.entity_type, entityId: r.entity_id, regionCode: r.region_code, summary: r.summary, diff: r.diff,
    })),
  };
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

export interface ChainReport {
  rows: number;
  broken: { id: string; problem: string } | null;
}

/** Recomputes every hash in one set-based pass; reports the first row that does not match. */
export async function verifyAuditChain(tx: Tx): Promise<ChainReport> {
  const [{ n }] = await tx.rows<{ n: string }>(sql`SELECT count(*)::text AS n FROM audit_log`);
  const [broken] = await tx.rows<{ id: string; problem: string }>(sql`SELECT id::text AS id, problem FROM audit_verify()`);
  return { rows: Number(n), broken: broken ?? null };
}
