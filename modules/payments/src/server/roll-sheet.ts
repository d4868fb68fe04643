/** The roll as an Excel workbook for the file and for 公示 preparation: masked, no account numbers. */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { LEVEL_NAMES, type RegionLevel } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { LINE_KIND_NAMES, monthOf, ROLL_STATE_NAMES, type LineKind } from '../domain/index.ts';
import { programmeName } from './programmes.ts';
import { findRoll, ROLL_NOT_FOUND, rollTitle } from './roll.generate.ts';
import { PAYEE_OUTSIDE, rollTotals } from './roll.query.ts';
import { attachment, writeWorkbook } from './spreadsheet.ts';

const yuan = (fen: number | string) => Number((Number(fen) / 100).toFixed(2));

export async function rollWorkbook(tx: Tx, actor: Actor, who: AuditActor, id: string): Promise<{ body: Buffer; disposition: string }> {
  const roll = await findRoll(tx, actor.regionCode, id);
  if (!roll) throw ROLL_NOT_FOUND();
  const totals = await rollTotals(tx, actor, id);
  const lines = await tx.rows<Record<string, any>>(sql`
    SELECT l.line_no, l.kind, l.programme, l.period::text AS period, g.name AS region_name, l.region_code, coalesce(p.name, f.name) AS name, coalesce(p.id_masked, f.id_masked) AS id_masked, l.person_count,
           l.amount_fen, l.reason, e.source_module, e.source_id, e.rule_version, t.transfer_no, t.status, t.failure_reason
    FROM payments_line l LEFT JOIN registry_person p ON p.id = l.payee_person_id ${PAYEE_OUTSIDE('payments_line_payee(l.id)')}
    LEFT JOIN region g ON g.code = l.region_code
    LEFT JOIN payments_entitlement e ON e.id = l.entitlement_id
    LEFT JOIN payments_transfer t ON l.kind <> 'recovery' AND t.roll_id = l.roll_id AND t.subject_id = l.subject_id AND t.payee_person_id = l.payee_person_id
    WHERE l.roll_id = ${id}::uuid ORDER BY l.region_code, l.line_no`);
  const status = { sent: '已发送银行', paid: '成功', failed: '失败' } as Record<string, string>;
  const body = await writeWorkbook([
    {
      name: '分级汇总',
      headers: ['区划代码', '区划', '层级', '明细条数', '人数', '户数', '应发（元）', '追回（元）'],
      widths: [16, 20, 10, 10, 8, 8, 14, 12],
      rows: totals.map((t) => [t.regionCode, t.regionName, LEVEL_NAMES[t.level as RegionLevel], t.lines, t.persons, t.households, yuan(t.amountFen), yuan(t.recoveryFen)]),
    },
    {
      name: '发放明细',
      headers: ['序号', '类别', '项目', '所属月份', '村（社区）', '收款人', '身份证号（脱敏）', '人数', '金额（元）', '原因', '来源', '计算规则', '代发序号', '银行结果', '失败原因'],
      widths: [8, 12, 14, 10, 18, 10, 22, 6, 12, 40, 30, 16, 10, 10, 20],
      rows: lines.map((l) => [l.line_no, LINE_KIND_NAMES[l.kind as LineKind], programmeName(l.programme), monthOf(l.period), l.region_name ?? l.region_code,
        l.name ?? '', l.id_masked ?? '', l.person_count, yuan(l.amount_fen), l.reason ?? '', l.source_module ? `${l.source_module}/${l.source_id}` : '',
        l.rule_version ?? '', l.transfer_no ?? '', l.status ? status[l.status] : '', l.failure_reason ?? '']),
    },
  ]);
  await appendAudit(tx, who, {
    action: 'payments.roll_export_xlsx', entityType: 'payments_roll', entityId: id, regionCode: roll.region_code,
    summary: `导出${rollTitle(roll)}（${ROLL_STATE_NAMES[roll.state]}，${lines.length} 条明细，身份证号脱敏，不含账号）`,
  });
  const name = `发放表-${roll.roll_no}.xlsx`;
  return { body, disposition: attachment(name, `${roll.roll_no}.xlsx`) };
}
