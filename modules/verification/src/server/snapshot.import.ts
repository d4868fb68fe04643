import { sql, type SQL } from 'drizzle-orm';
import type { Database, Tx } from '@mz/db';
import { textArray } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';
import type { AuditActor } from '@mz/http';
import { appendAudit } from '@mz/audit/server';
import { enqueueJob, registerJobHandler } from '@mz/jobs/server';
import { conflict, invalid, isIsoDate, notFound, subtreeRange, todayInShanghai } from '@mz/kernel';
import { findSource, type RecordField, type SourceDefinition } from '../domain/index.ts';
import { csvField, readSourceFile, type SourceRow } from './source-file.ts';

export const IMPORT_JOB_KIND = 'verification.import';

/** Who imports: the audit identity and the jurisdiction the delivery is for. */
export interface Importer extends AuditActor {
  regionCode: string;
}

export interface ImportOutcome {
  snapshotId: string;
  version: number;
  total: number;
  accepted: number;
  rejected: number;
  persons: number;
  superseded: string | null;
  purgedSnapshots: number;
}

/** How many rejected rows a snapshot keeps for its error list (the counts are always complete). */
const KEEP_REJECTIONS = 1000;

/**
 * The snapshot row and its job, in the caller's (scoped) transaction. The version is the next of
 * this source and jurisdiction, taken under a transaction lock so two uploads cannot share it.
 */
export async function queueSnapshotImport(tx: Tx, who: Importer, sourceCode: string, asOf: string, fileName: string, data: Buffer): Promise<{ snapshotId: string; jobId: string; version: number }> {
  const source = findSource(sourceCode);
  if (!source || source.kind !== 'file') throw notFound('数据来源不存在或不接受文件导入');
  checkAsOf(asOf);
  await tx.rows(sql`SELECT pg_advisory_xact_lock(hashtext(${`verification:${sourceCode}:${who.regionCode}`}))`);
  const [row] = await tx.rows<{ id: string; version: number }>(sql`
    INSERT INTO verification_snapshot (source_code, version, as_of, region_code, file_name, file_data, created_by)
    SELECT ${sourceCode}, coalesce(max(version), 0) + 1, ${asOf}::date, ${who.regionCode}, ${fileName.slice(0, 255)}, ${data}, ${who.actorId}::uuid
    FROM verification_snapshot WHERE source_code = ${sourceCode} AND region_code = ${who.regionCode}
    RETURNING id, version`);
  const jobId = await enqueueJob(tx, { kind: IMPORT_JOB_KIND, regionCode: who.regionCode, createdBy: who.actorId, payload: { snapshotId: row!.id, importer: who } });
  await tx.run(sql`UPDATE verification_snapshot SET job_id = ${jobId}::uuid WHERE id = ${row!.id}`);
  return { snapshotId: row!.id, jobId, version: row!.version };
}

export function checkAsOf(asOf: string, today = todayInShanghai()): void {
  if (!isIsoDate(asOf)) throw invalid('数据截止日期格式不正确', [{ path: 'asOf', message: '应为 YYYY-MM-DD' }]);
  if (asOf > today) throw invalid('数据截止日期不能晚于今天', [{ path: 'asOf', message: '请填写部门提供数据的截止日期' }]);
}

/** Registers the background handler of `verification.import` (once per process that runs jobs). */
export function registerImportJob(cipher: FieldCipher): void {
  registerJobHandler(IMPORT_JOB_KIND, async ({ db, payload, progress }) => {
    const { snapshotId, importer } = payload as { snapshotId: string; importer: Importer };
    const [snap] = await db.transaction((tx) => tx.rows<{ source_code: string; file_name: string; file_data: Uint8Array | null; status: string }>(sql`
      SELECT source_code, file_name, file_data, status FROM verification_snapshot WHERE id = ${snapshotId}`));
    if (!snap || snap.status !== 'importing' || !snap.file_data) throw notFound('数据快照不存在或已处理');
    const source = findSource(snap.source_code)!;
    try {
      const rows = await readSourceFile(source, snap.file_name, Buffer.from(snap.file_data));
      progress(1, 3);
      const outcome = await importSnapshot(db, cipher, importer, snapshotId, rows, { progress });
      return { ...outcome };
    } catch (err) {
      await markFailed(db, importer, snapshotId, source, err);
      throw err;
    }
  });
}

async function markFailed(db: Database, who: Importer, snapshotId: string, source: SourceDefinition, err: unknown): Promise<void> {
  const e = err as { title?: string; detail?: string };
  const message = e?.title ? [e.title, e.detail].filter(Boolean).join('：') : '导入过程中出错，未导入任何数据';
  await db.transaction(async (tx) => {
    const n = await tx.run(sql`UPDATE verification_snapshot SET status = 'failed', error = ${message}, finished_at = now(), file_data = NULL
      WHERE id = ${snapshotId} AND status = 'importing'`);
    if (n) {
      await appendAudit(tx, who, {
        action: 'verification.import_failed', entityType: 'verification_snapshot', entityId: snapshotId, regionCode: who.regionCode,
        summary: `导入「${source.name}」失败：${message}`.slice(0, 500),
      });
    }
  }).catch(() => undefined);
}

const STAGE_COLUMNS = ['row_no', 'id_no', 'id_hash', 'event_date', 'end_date', 'amount', 'quantity', 'category', 'ref'] as const;
const FIELD_COLUMN: Record<RecordField, string> = { eventDate: 'event_date', endDate: 'end_date', amount: 'amount', quantity: 'quantity', category: 'category', ref: 'ref' };

/** The staging CSV: plain values as delivered plus the keyed hash of the (normalised) ID number. */
export function stagingCsv(cipher: FieldCipher, rows: readonly SourceRow[]): string {
  const out: string[] = [];
  for (const r of rows) {
    const f = r.fields;
    out.push([
      r.rowNo, csvField(r.idNo), r.idNo ? cipher.hash('id_number', r.idNo) : '',
      csvField(f.eventDate), csvField(f.endDate), csvField(f.amount), csvField(f.quantity), csvField(f.category), csvField(f.ref),
    ].join(','));
  }
  return out.join('\n') + '\n';
}

/**
 * One SQL expression per layout column: the parsed value, and the problem (Chinese) when it is
 * missing or malformed. Headers and allowed values are bound as parameters.
 */
function columnChecks(source: SourceDefinition, asOf: string): { values: Record<RecordField, SQL>; problems: SQL[] } {
  const values: Record<RecordField, SQL> = {
    eventDate: sql`NULL::date`, endDate: sql`NULL::date`, amount: sql`NULL::bigint`, quantity: sql`NULL::numeric`, category: sql`NULL::text`, ref: sql`NULL::text`,
  };
  const problems: SQL[] = [];
  for (const c of source.columns) {
    const raw = sql.raw(`s.${FIELD_COLUMN[c.field]}`);
    const missing = c.required ? sql`WHEN ${raw} IS NULL THEN ${`${c.header}不能为空`}` : sql`WHEN ${raw} IS NULL THEN NULL`;
    switch (c.field) {
      case 'eventDate':
      case 'endDate': {
        values[c.field] = sql`verification_parse_date(${raw})`;
        problems.push(sql`CASE ${missing}
          WHEN verification_parse_date(${raw}) IS NULL THEN ${`${c.header}不是有效日期：`} || ${raw}
          WHEN verification_parse_date(${raw}) > ${asOf}::date THEN ${`${c.header}晚于数据截止日期：`} || ${raw} END`);
        break;
      }
      case 'amount': {
        values.amount = sql`CASE WHEN ${raw} ~ '^[0-9]{1,12}(\\.[0-9]{1,2})?$' THEN round(${raw}::numeric * 100)::bigint END`;
        problems.push(sql`CASE ${missing}
          WHEN ${raw} !~ '^[0-9]{1,12}(\\.[0-9]{1,2})?$' THEN ${`${c.header}应为不小于0的金额（元，最多两位小数）：`} || ${raw} END`);
        break;
      }
      case 'quantity': {
        values.quantity = sql`CASE WHEN ${raw} ~ '^[0-9]{1,9}(\\.[0-9]{1,2})?$' THEN ${raw}::numeric END`;
        const range = c.integer
          ? sql`WHEN ${raw} !~ '^[0-9]{1,9}$' OR ${raw}::numeric NOT BETWEEN ${c.integer.min} AND ${c.integer.max} THEN ${`${c.header}应为${c.integer.min}–${c.integer.max}的整数：`} || ${raw}`
          : sql``;
        problems.push(sql`CASE ${missing}
          WHEN ${raw} !~ '^[0-9]{1,9}(\\.[0-9]{1,2})?$' THEN ${`${c.header}应为不小于0的数（最多两位小数）：`} || ${raw}
          ${range} END`);
        break;
      }
      case 'category': {
        values.category = sql`${raw}`;
        problems.push(sql`CASE ${missing}
          WHEN NOT (${raw} = ANY(${textArray(c.values ?? [])})) THEN ${`${c.header}应为${(c.values ?? []).join('、')}之一：`} || ${raw} END`);
        break;
      }
      case 'ref': {
        // References (plates, unit numbers, credit codes) are kept masked: enough to tell two
        // apart when handling an alert, not enough to identify the thing.
        values.ref = sql`CASE WHEN length(${raw}) <= 4 THEN repeat('*', length(${raw})) ELSE left(${raw}, 2) || repeat('*', length(${raw}) - 4) || right(${raw}, 2) END`;
        problems.push(sql`CASE ${missing} WHEN length(${raw}) > 60 THEN ${`${c.header}不超过60个字`} END`);
        break;
      }
    }
  }
  const hasEnd = source.columns.some((c) => c.field === 'endDate');
  if (hasEnd) {
    const endHeader = source.columns.find((c) => c.field === 'endDate')!.header;
    const startHeader = source.columns.find((c) => c.field === 'eventDate')!.header;
    problems.push(sql`CASE WHEN verification_parse_date(s.end_date) < verification_parse_date(s.event_date) THEN ${`${endHeader}早于${startHeader}`} END`);
  }
  return { values, problems };
}

export interface SnapshotImportOptions {
  progress?: (done: number, total: number) => void;
  today?: string;
  log?: (message: string) => void;
}

/**
 * The pipeline after parsing, in one transaction (a failure leaves the previous snapshot current
 * and nothing half-imported): COPY the rows with their keyed hashes into a temporary staging table
 * (dropped at commit: the plain ID numbers never outlive it), validate every row in one set-based
 * statement (ID check digit, dates, amounts, categories), keep the rejected rows' numbers and
 * reasons, promote the valid rows with one INSERT … SELECT, make the snapshot current and
 * supersede the previous one, purge what is past its retention, audit.
 *
 * System work: the records table is not readable by the application role, and the staging table
 * is the session's own; the importer's jurisdiction is the snapshot's region.
 */
export async function importSnapshot(
  db: Database, cipher: FieldCipher, who: Importer, snapshotId: string, rows: readonly SourceRow[], options: SnapshotImportOptions = {},
): Promise<ImportOutcome> {
  const progress = options.progress ?? (() => {});
  const today = options.today ?? todayInShanghai();
  let last = performance.now();
  const mark = (phase: string) => {
    const now = performance.now();
    options.log?.(`  ${phase}: ${((now - last) / 1000).toFixed(2)} s`);
    last = now;
  };
  const csv = stagingCsv(cipher, rows);
  mark(`hash + staging CSV (${rows.length} rows)`);
  return db.transaction(async (tx) => {
    if (tx.engine === 'postgres') await tx.script(`SET LOCAL work_mem = '256MB'; SET LOCAL jit = off`);
    const [snap] = await tx.rows<{ source_code: string; version: number; as_of: string; region_code: string; file_name: string; status: string }>(sql`
      SELECT source_code, version, as_of::text, region_code, file_name, status FROM verification_snapshot WHERE id = ${snapshotId} FOR UPDATE`);
    if (!snap || snap.status !== 'importing') throw conflict('数据快照状态已改变', '该批数据已被处理');
    const source = findSource(snap.source_code)!;
    await tx.script(`CREATE TEMP TABLE verification_stage (row_no integer, id_no text, id_hash text, event_date text, end_date text,
      amount text, quantity text, category text, ref text) ON COMMIT DROP`);
    await tx.copyCsv('verification_stage', STAGE_COLUMNS, csv);
    mark('COPY into staging');
    const { values, problems } = columnChecks(source, snap.as_of);
    await tx.run(sql`
      CREATE TEMP TABLE verification_checked ON COMMIT DROP AS
      SELECT s.row_no, s.id_hash,
        CASE WHEN length(s.id_no) = 18 THEN left(s.id_no, 4) || '**********' || right(s.id_no, 4) ELSE '***' END AS id_masked,
        ${values.eventDate} AS event_date, ${values.endDate} AS end_date, ${values.amount} AS amount_fen,
        ${values.quantity} AS quantity, ${values.category} AS category, ${values.ref} AS ref_masked,
        nullif(concat_ws('；', verification_id_problem(s.id_no), ${sql.join(problems, sql`, `)}), '') AS errors
      FROM verification_stage s`);
    mark('row checks');
    progress(2, 3);
    const rejectedRows = await tx.rows<{ row_no: number; id_masked: string; errors: string }>(sql`
      SELECT row_no, id_masked, errors FROM verification_checked WHERE errors IS NOT NULL ORDER BY row_no LIMIT ${KEEP_REJECTIONS}`);
    const [counts] = await tx.rows<{ total: number; rejected: number }>(sql`
      SELECT count(*)::int AS total, count(*) FILTER (WHERE errors IS NOT NULL)::int AS rejected FROM verification_checked`);

    // A delivery older than the current one does not replace it.
    const [current] = await tx.rows<{ id: string; as_of: string; version: number }>(sql`
      SELECT id, as_of::text, version FROM verification_snapshot
      WHERE source_code = ${snap.source_code} AND region_code = ${snap.region_code} AND status = 'current' FOR UPDATE`);
    if (current && current.as_of > snap.as_of) {
      throw conflict('已有更新的数据', `「${source.name}」当前使用的是截至 ${current.as_of} 的数据（第 ${current.version} 版），不能用截至 ${snap.as_of} 的数据替换`);
    }
    const accepted = await tx.run(sql`
      INSERT INTO verification_record (snapshot_id, id_hash, event_date, end_date, amount_fen, quantity, category, ref_masked)
      SELECT ${snapshotId}::uuid, id_hash, event_date, end_date, amount_fen, quantity, category, ref_masked
      FROM verification_checked WHERE errors IS NULL ORDER BY id_hash`);
    mark('promote');
    const [{ persons }] = await tx.rows<{ persons: number }>(sql`SELECT count(DISTINCT id_hash)::int AS persons FROM verification_checked WHERE errors IS NULL`) as [{ persons: number }];
    if (current) {
      await tx.run(sql`UPDATE verification_snapshot SET status = 'superseded', superseded_at = now() WHERE id = ${current.id}`);
    }
    await tx.run(sql`
      UPDATE verification_snapshot SET status = 'current', total = ${counts!.total}, accepted = ${accepted}, rejected = ${counts!.rejected},
        persons = ${persons}, rejections = ${JSON.stringify(rejectedRows.map((r) => ({ rowNo: r.row_no, idMasked: r.id_masked, errors: r.errors })))}::jsonb,
        finished_at = now(), file_data = NULL
      WHERE id = ${snapshotId}`);
    await appendAudit(tx, who, {
      action: 'verification.import', entityType: 'verification_snapshot', entityId: snapshotId, regionCode: snap.region_code,
      summary: `导入「${source.name}」第 ${snap.version} 版（截至 ${snap.as_of}，文件“${snap.file_name}”）：共 ${counts!.total} 行，导入 ${accepted} 行（${persons} 人），错误 ${counts!.rejected} 行${current ? `，替换第 ${current.version} 版` : ''}`,
      diff: { status: { before: 'importing', after: 'current' }, accepted: { before: null, after: accepted }, rejected: { before: null, after: counts!.rejected } },
    });
    const purged = await purgeExpired(tx, who, today);
    mark('supersede, audit, retention');
    progress(3, 3);
    return {
      snapshotId, version: snap.version, total: counts!.total, accepted, rejected: counts!.rejected, persons,
      superseded: current?.id ?? null, purgedSnapshots: purged,
    };
  });
}

/**
 * Deletes the records of every snapshot past its source's retention (as-of date + retention
 * days before today), whatever its status, and marks it purged; audited with the snapshots named.
 * Returns how many snapshots were purged.
 */
export async function purgeExpired(tx: Tx, who: AuditActor, today = todayInShanghai()): Promise<number> {
  const expired = await tx.rows<{ id: string; source_code: string; version: number; as_of: string; region_code: string }>(sql`
    SELECT s.id, s.source_code, s.version, s.as_of::text, s.region_code FROM verification_snapshot s JOIN verification_source src ON src.code = s.source_code
    WHERE s.status IN ('current', 'superseded') AND src.retention_days > 0 AND s.as_of + src.retention_days < ${today}::date
    FOR UPDATE OF s`);
  if (!expired.length) return 0;
  const ids = expired.map((e) => e.id);
  const deleted = await tx.run(sql`DELETE FROM verification_record WHERE snapshot_id = ANY(${textArray(ids)}::uuid[])`);
  await tx.run(sql`UPDATE verification_snapshot SET status = 'purged', purged_at = now(), rejections = '[]' WHERE id = ANY(${textArray(ids)}::uuid[])`);
  for (const e of expired) {
    await appendAudit(tx, who, {
      action: 'verification.purge', entityType: 'verification_snapshot', entityId: e.id, regionCode: e.region_code,
      summary: `清除超过保留期限的核对数据：「${findSource(e.source_code)?.name ?? e.source_code}」第 ${e.version} 版（截至 ${e.as_of}）`,
    });
  }
  return deleted >= 0 ? expired.length : 0;
}

export interface SnapshotView {
  id: string; sourceCode: string; sourceName: string; version: number; asOf: string; regionCode: string; fileName: string;
  status: 'importing' | 'current' | 'superseded' | 'failed' | 'purged';
  total: number; accepted: number; rejected: number; persons: number; error: string | null; jobId: string | null;
  createdAt: string; finishedAt: string | null; supersededAt: string | null; purgedAt: string | null;
}

interface SnapshotRow {
  id: string; source_code: string; version: number; as_of: string; region_code: string; file_name: string; status: SnapshotView['status'];
  total: number; accepted: number; rejected: number; persons: number; error: string | null; job_id: string | null;
  created_at: string; finished_at: string | null; superseded_at: string | null; purged_at: string | null; rejections?: unknown;
}

const iso = (t: string | null) => (t === null ? null : new Date(t).toISOString());

function snapshotView(r: SnapshotRow): SnapshotView {
  return {
    id: r.id, sourceCode: r.source_code, sourceName: findSource(r.source_code)?.name ?? r.source_code, version: r.version, asOf: r.as_of,
    regionCode: r.region_code, fileName: r.file_name, status: r.status, total: r.total, accepted: r.accepted, rejected: r.rejected,
    persons: r.persons, error: r.error, jobId: r.job_id, createdAt: iso(r.created_at)!, finishedAt: iso(r.finished_at),
    supersededAt: iso(r.superseded_at), purgedAt: iso(r.purged_at),
  };
}

/** Snapshots of the caller's jurisdiction and of those above it (headers only). */
export async function listSnapshots(tx: Tx, scopeRegion: string, filter: { source?: string }): Promise<SnapshotView[]> {
  const scope = subtreeRange(scopeRegion);
  const rows = await tx.rows<SnapshotRow>(sql`
    SELECT id, source_code, version, as_of::text, region_code, file_name, status, total, accepted, rejected, persons, error, job_id,
      created_at, finished_at, superseded_at, purged_at
    FROM verification_snapshot
    WHERE ((region_code >= ${scope.from} AND region_code < ${scope.to}) OR verification_region_covers(region_code, ${scopeRegion}))
      ${filter.source ? sql`AND source_code = ${filter.source}` : sql``}
    ORDER BY created_at DESC LIMIT 200`);
  return rows.map(snapshotView);
}

export async function getSnapshot(tx: Tx, scopeRegion: string, id: string): Promise<(SnapshotView & { rejections: { rowNo: number; idMasked: string; errors: string }[] }) | null> {
  const scope = subtreeRange(scopeRegion);
  const [r] = await tx.rows<SnapshotRow>(sql`
    SELECT id, source_code, version, as_of::text, region_code, file_name, status, total, accepted, rejected, persons, error, job_id,
      created_at, finished_at, superseded_at, purged_at, rejections
    FROM verification_snapshot
    WHERE id = ${id} AND ((region_code >= ${scope.from} AND region_code < ${scope.to}) OR verification_region_covers(region_code, ${scopeRegion}))`);
  if (!r) return null;
  return { ...snapshotView(r), rejections: r.rejections as { rowNo: number; idMasked: string; errors: string }[] };
}
