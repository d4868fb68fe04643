/** The monthly settlement workbook (.xlsx): one summary sheet per provider batch, one sheet of the orders. */
import ExcelJS from 'exceljs';
import { fenToYuanString } from '@mz/kernel';
import type { OrderView, SettlementView } from './homecare.orders.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Content-Disposition with the Chinese name (RFC 5987) and an ASCII fallback. */
export function attachment(fileName: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** A text a spreadsheet would run as a formula is written with an apostrophe. */
const safe = (v: string | null | undefined) => (v == null ? '' : /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
const yuan = (fen: number | null) => (fen == null ? null : Number(fenToYuanString(fen)));

export async function settlementWorkbook(month: string, settlements: SettlementView[], orders: (OrderView & { batchNo: number })[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '民政综合业务信息平台';
  const summary = wb.addWorksheet('结算汇总');
  summary.columns = [
    { header: '服务商', width: 30 }, { header: '统一社会信用代码', width: 22 }, { header: '结算月份', width: 10 }, { header: '批次', width: 6 },
    { header: '工单数', width: 8 }, { header: '服务金额（元）', width: 14 }, { header: '预算支付（元）', width: 14 }, { header: '自费（元）', width: 12 },
    { header: '结算人', width: 12 }, { header: '结算时间', width: 20 },
  ];
  for (const s of settlements) {
    summary.addRow([safe(s.providerName), s.creditCode, s.month, s.batchNo, s.orderCount, yuan(s.amountFen), yuan(s.budgetFen), yuan(s.selfPayFen), safe(s.createdByName), s.createdAt.slice(0, 16).replace('T', ' ')]);
  }
  const total = settlements.reduce((t, s) => ({ n: t.n + s.orderCount, a: t.a + s.amountFen, b: t.b + s.budgetFen, p: t.p + s.selfPayFen }), { n: 0, a: 0, b: 0, p: 0 });
  summary.addRow(['合计', '', month, '', total.n, yuan(total.a), yuan(total.b), yuan(total.p), '', '']).font = { bold: true };
  summary.getRow(1).font = { bold: true };

  const detail = wb.addWorksheet('工单明细');
  detail.columns = [
    { header: '工单号', width: 8 }, { header: '服务商', width: 26 }, { header: '批次', width: 6 }, { header: '老人', width: 10 }, { header: '身份证号（脱敏）', width: 20 },
    { header: '所在地', width: 16 }, { header: '服务项目', width: 16 }, { header: '计价单位', width: 8 }, { header: '单价（元）', width: 10 }, { header: '次数', width: 6 },
    { header: '时长（分钟）', width: 10 }, { header: '金额（元）', width: 10 }, { header: '预算支付（元）', width: 12 }, { header: '自费（元）', width: 10 },
    { header: '服务人员', width: 10 }, { header: '开始时间', width: 18 }, { header: '结束时间', width: 18 }, { header: '满意度', width: 8 },
  ];
  for (const o of orders) {
    detail.addRow([
      o.orderNo, safe(o.providerName), o.batchNo, safe(o.name), o.idMasked, safe(o.regionName), safe(o.itemName), o.unitName, yuan(o.priceFen), o.quantity, o.minutes,
      yuan(o.amountFen), yuan(o.budgetFen), yuan(o.selfPayFen), safe(o.workerName), o.startedAt?.slice(0, 16).replace('T', ' ') ?? '', o.endedAt?.slice(0, 16).replace('T', ' ') ?? '', o.rating,
    ]);
  }
  detail.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
