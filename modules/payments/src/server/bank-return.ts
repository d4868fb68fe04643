/**
 * 回盘: the bank's file of results. Every row must match a transfer of the roll exactly (序号,
 * amount, account), every transfer must be answered once, and only then are the results recorded.
 * A file that does not match is refused with a line-by-line report and changes nothing but the
 * record of the attempt.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';
import type { Actor, AuditActor } from '@mz/http';
import { DomainError, fenToYuanString, subtreeRange } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { assertCountyActor, isSuccess, parseAmount, ROLL_STATE_NAMES, type ReturnProblem, type ReturnResult } from '../domain/index.ts';
import { resolveBankProfile } from './bank-profile.service.ts';
import { findRoll, ledgerStep, ROLL_NOT_FOUND, rollEvent, rollTitle } from './roll.generate.ts';
import { rollActor, versionConflict } from './roll.service.ts';
import { readTable } from './spreadsheet.ts';

export const MAX_RETURN_BYTES = 20 * 1024 * 1024;
const MAX_RETURN_ROWS = 500_000;
/** What the stored report keeps of a very bad file; the count says how many there were. */
const REPORT_LIMIT = 5_000;

export type ReturnOutcome =
  | { status: 'accepted'; result: ReturnResult }
  | { status: 'rejected'; returnId: string; problems: number; report: ReturnProblem[] };

const bare = (h: string) => h.replace(/[\s*＊]/g, '');

export async function importReturnFile(
  tx: Tx, actor: Actor, who: AuditActor, cipher: FieldCipher, id: string, file: { fileName: string; data: Buffer; profileCode?: string },
): Promise<ReturnOutcome> {
  const roll = await findRoll(tx, actor.regionCode, id, true);
  if (!roll) throw ROLL_NOT_FOUND();
  if (roll.state !== 'exported') {
    throw new DomainError({
      code: 'ILLEGAL_TRANSITION', status: 409, title: `当前状态「${ROLL_STATE_NAMES[roll.state]}」不能导入银行回盘`,
      detail: roll.state === 'returned' || roll.state === 'reconciled' ? '该发放表的回盘已经导入' : '请先导出银行代发文件',
    });
  }
  assertCountyActor({ regionCode: roll.region_code }, rollActor(actor));
  // The layout of the file the bank answers: as asked, else the one this roll was exported in.
  const [lastExport] = await tx.rows<{ profile_code: string }>(sql`SELECT profile_code FROM payments_export WHERE roll_id = ${id}::uuid ORDER BY at DESC LIMIT 1`);
  const profile = await resolveBankProfile(tx, actor.regionCode, file.profileCode ?? lastExport?.profile_code ?? 'standard');

  const table = await readTable(file.fileName, file.data, MAX_RETURN_ROWS + 1);
  const cols = profile.returnColumns;
  const headerAt = table.findIndex((r) => r.cells.map(bare).includes(bare(cols.transferNo)));
  if (headerAt < 0) {
    throw new DomainError({ code: 'RETURN_FILE', status: 422, title: '回盘文件缺少表头', detail: `按银行格式「${profile.name}」，表头应包含：${Object.values(cols).join('、')}` });
  }
  const header = table[headerAt]!.cells.map(bare);
  const index = Object.fromEntries(Object.entries(cols).map(([k, h]) => [k, header.indexOf(bare(h))])) as Record<keyof typeof cols, number>;
  const missing = (Object.keys(cols) as (keyof typeof cols)[]).filter((k) => k !== 'reason' && index[k] < 0).map((k) => cols[k]);
  if (missing.length) throw new DomainError({ code: 'RETURN_FILE', status: 422, title: '回盘文件缺少必需的列', detail: `缺少列：${missing.join('、')}` });
  const rows = table.slice(headerAt + 1);
  if (!rows.length) throw new DomainError({ code: 'RETURN_FILE', status: 422, title: '回盘文件中没有数据行' });

  // Stage the file as the database will compare it: account numbers only as their keyed hash
  // (the clear number never enters a table), amounts in fen, results as paid/failed. One INSERT
  // from arrays: COPY would need file-read rights the application role does not have on PGlite.
  const cell = (cells: string[], i: number) => (i >= 0 ? (cells[i] ?? '').trim() : '');
  const cols2: { row: number[]; no: string[]; hash: (string | null)[]; tail: (string | null)[]; fen: (string | null)[]; text: string[]; result: string[]; reason: string[] } =
    { row: [], no: [], hash: [], tail: [], fen: [], text: [], result: [], reason: [] };
  for (const r of rows) {
    const account = cell(r.cells, index.account).replace(/\s/g, '');
    const status = cell(r.cells, index.status);
    const amount = parseAmount(cell(r.cells, index.amount), profile.amountUnit);
    cols2.row.push(r.rowNo);
    cols2.no.push(cell(r.cells, index.transferNo).slice(0, 30));
    cols2.hash.push(account ? cipher.hash('bank_account', account) : null);
    cols2.tail.push(account ? `****${account.slice(-4)}` : null);
    cols2.fen.push(amount === null ? null : String(amount));
    cols2.text.push(cell(r.cells, index.amount).slice(0, 30));
    cols2.result.push(status ? (isSuccess(status, profile) ? 'paid' : 'failed') : '');
    cols2.reason.push((cell(r.cells, index.reason) || status).slice(0, 200));
  }
  await tx.script(`CREATE TEMP TABLE payments_return_stage (row_no integer, transfer_no text, account_hash text, account_tail text,
    amount_fen bigint, amount_text text, result text, reason text) ON COMMIT DROP`);
  await tx.run(sql`
    INSERT INTO payments_return_stage
    SELECT * FROM unnest(${sql.param(cols2.row)}::int[], ${sql.param(cols2.no)}::text[], ${sql.param(cols2.hash)}::text[], ${sql.param(cols2.tail)}::text[],
                         ${sql.param(cols2.fen)}::bigint[], ${sql.param(cols2.text)}::text[], ${sql.param(cols2.result)}::text[], ${sql.param(cols2.reason)}::text[])`);

  const problems = await tx.rows<{ row: number; transfer_no: string; problem: string; n: number }>(sql`
    WITH s AS (
      SELECT s.*, CASE WHEN s.transfer_no ~ '^[0-9]{1,9}$' THEN s.transfer_no::integer END AS no,
             min(s.row_no) OVER (PARTITION BY s.transfer_no) AS first_row
      FROM payments_return_stage s
    ),
    found AS (
      SELECT s.row_no, s.transfer_no,
        CASE
          WHEN s.no IS NULL THEN '序号不是有效的数字'
          WHEN s.row_no <> s.first_row THEN concat('序号重复（第 ', s.first_row, ' 行已出现）')
          WHEN t.transfer_no IS NULL THEN '发放表中没有这个序号'
          WHEN s.amount_fen IS NULL THEN concat('金额格式不正确：', coalesce(s.amount_text, '（空）'))
          WHEN s.amount_fen <> t.amount_fen THEN concat('金额与代发文件不符（代发 ', to_char(t.amount_fen / 100.0, 'FM999999999990.00'), ' 元，回盘 ',
                                                       to_char(s.amount_fen / 100.0, 'FM999999999990.00'), ' 元）')
          WHEN s.account_hash IS DISTINCT FROM t.account_hash THEN concat('账号与代发文件不符（回盘账号 ', coalesce(s.account_tail, '（空）'), '，代发账号 ', t.account_masked, '）')
          WHEN s.result = '' OR s.result IS NULL THEN '缺少处理结果'
        END AS problem
      FROM s LEFT JOIN payments_transfer t ON t.roll_id = ${id}::uuid AND t.transfer_no = s.no
      UNION ALL
      SELECT 0, t.transfer_no::text, '回盘文件缺少这一笔代发的结果'
      FROM payments_transfer t
      WHERE t.roll_id = ${id}::uuid AND NOT EXISTS (SELECT 1 FROM payments_return_stage s WHERE s.transfer_no = t.transfer_no::text)
    )
    SELECT row_no AS row, transfer_no, problem, count(*) OVER ()::int AS n FROM found WHERE problem IS NOT NULL
    ORDER BY row_no = 0, row_no, transfer_no LIMIT ${REPORT_LIMIT}`);
  const sha256 = createHash('sha256').update(file.data).digest('hex');

  if (problems.length) {
    const count = problems[0]!.n;
    const report: ReturnProblem[] = problems.map((p) => ({ row: p.row, transferNo: p.transfer_no, problem: p.problem }));
    const [rec] = await tx.rows<{ id: string }>(sql`
      INSERT INTO payments_return (roll_id, region_code, file_name, sha256, status, rows, problems, report, actor_id, actor_name)
      VALUES (${id}::uuid, ${roll.region_code}, ${file.fileName.slice(0, 255)}, ${sha256}, 'rejected', ${rows.length}, ${count},
              ${JSON.stringify(report)}::jsonb, ${who.actorId}::uuid, ${who.actorName})
      RETURNING id`);
    await rollEvent(tx, who, roll, { action: 'return_rejected', from: roll.state, to: roll.state, detail: { returnId: rec!.id, problems: count } });
    await appendAudit(tx, who, {
      action: 'payments.return_reject', entityType: 'payments_roll', entityId: id, regionCode: roll.region_code,
      summary: `拒收${rollTitle(roll)}的银行回盘「${file.fileName}」：${rows.length} 行中有 ${count} 处与代发文件不符，未作任何修改`,
      diff: { problems: { before: null, after: count }, sha256: { before: null, after: sha256 } },
    });
    return { status: 'rejected', returnId: rec!.id, problems: count, report };
  }

  const returnId = randomUUID();
  await tx.run(sql`
    UPDATE payments_transfer t SET status = s.result, failure_reason = CASE WHEN s.result = 'failed' THEN coalesce(nullif(s.reason, ''), '银行未说明原因') END,
      result_at = now(), return_id = ${returnId}::uuid
    FROM payments_return_stage s WHERE t.roll_id = ${id}::uuid AND t.transfer_no = s.transfer_no::integer`);
  const [sums] = await tx.rows<{ paid_rows: number; paid: string; failed_rows: number; failed: string }>(sql`
    SELECT count(*) FILTER (WHERE status = 'paid')::int AS paid_rows, coalesce(sum(amount_fen) FILTER (WHERE status = 'paid'), 0) AS paid,
           count(*) FILTER (WHERE status = 'failed')::int AS failed_rows, coalesce(sum(amount_fen) FILTER (WHERE status = 'failed'), 0) AS failed
    FROM payments_transfer WHERE roll_id = ${id}::uuid`);
  const paid = Number(sums!.paid);
  const failed = Number(sums!.failed);
  const rec = { id: returnId };
  await tx.run(sql`
    INSERT INTO payments_return (id, roll_id, region_code, file_name, sha256, status, rows, paid_rows, paid_fen, failed_rows, failed_fen, actor_id, actor_name)
    VALUES (${returnId}::uuid, ${id}::uuid, ${roll.region_code}, ${file.fileName.slice(0, 255)}, ${sha256}, 'accepted', ${rows.length},
            ${sums!.paid_rows}, ${paid}, ${sums!.failed_rows}, ${failed}, ${who.actorId}::uuid, ${who.actorName})`);
  // The database checks paid + failed against the roll's payable amount, to the fen.
  const n = await ledgerStep(() => tx.run(sql`
    UPDATE payments_roll SET state = 'returned', paid_fen = ${paid}, failed_fen = ${failed}, version = version + 1, updated_at = now()
    WHERE id = ${id}::uuid AND version = ${roll.version}`));
  if (n === 0) throw versionConflict();
  await rollEvent(tx, who, roll, { action: 'return_file', from: 'exported', to: 'returned', detail: { returnId: rec.id, paidRows: sums!.paid_rows, failedRows: sums!.failed_rows } });
  await appendAudit(tx, who, {
    action: 'payments.return_accept', entityType: 'payments_roll', entityId: id, regionCode: roll.region_code,
    summary: `导入${rollTitle(roll)}的银行回盘「${file.fileName}」：成功 ${sums!.paid_rows} 笔 ${fenToYuanString(paid)} 元，失败 ${sums!.failed_rows} 笔 ${fenToYuanString(failed)} 元`,
    diff: { state: { before: ROLL_STATE_NAMES.exported, after: ROLL_STATE_NAMES.returned }, paidFen: { before: null, after: paid }, failedFen: { before: null, after: failed } },
  });
  return {
    status: 'accepted',
    result: { id: rec.id, status: 'accepted', rows: rows.length, paidRows: sums!.paid_rows, paidFen: paid, failedRows: sums!.failed_rows, failedFen: failed, state: 'returned' },
  };
}

export async function listReturns(tx: Tx, actor: Actor, id: string) {
  const roll = await findRoll(tx, actor.regionCode, id);
  if (!roll) throw ROLL_NOT_FOUND();
  const rows = await tx.rows<Record<string, any>>(sql`
    SELECT id, file_name, status, rows, paid_rows, failed_rows, problems, actor_name, at FROM payments_return WHERE roll_id = ${id}::uuid ORDER BY at DESC`);
  return rows.map((r) => ({
    id: r.id as string, fileName: r.file_name as string, status: r.status as 'accepted' | 'rejected', rows: r.rows as number, paidRows: r.paid_rows as number,
    failedRows: r.failed_rows as number, problems: r.problems as number, byName: r.actor_name as string | null, at: new Date(r.at).toISOString(),
  }));
}

/** A rejected file's report, for the Excel download. */
export async function returnReport(tx: Tx, scopeRegion: string, returnId: string): Promise<{ fileName: string; rollNo: string; report: ReturnProblem[] } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(returnId)) return null;
  const [r] = await tx.rows<{ file_name: string; report: ReturnProblem[]; roll_no: string; region_code: string }>(sql`
    SELECT x.file_name, x.report, r.roll_no, x.region_code FROM payments_return x JOIN payments_roll r ON r.id = x.roll_id WHERE x.id = ${returnId}::uuid`);
  const range = subtreeRange(scopeRegion);
  if (!r || r.region_code < range.from || r.region_code >= range.to) return null;
  return { fileName: r.file_name, rollNo: r.roll_no, report: r.report };
}
