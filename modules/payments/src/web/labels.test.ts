import { describe, expect, it } from 'vitest';
import {
  bankProfileFieldPath, bankProfilePayload, money, monthText, nextLevel, nextRollMonth, orderActions, returnReportCsv, rollButtons, runPayload, sourceLink, totalsTree,
  yuanField,
  type BankProfileFormValues,
} from './labels.ts';

describe('money and months as the pages show them', () => {
  it.each([
    [12_345_678, '¥123,456.78'],
    [0, '¥0.00'],
    [-60_000, '-¥600.00'],
    [null, '—'],
    [undefined, '—'],
    [1.5, '—'],
  ])('money(%s) = %s', (fen, text) => expect(money(fen as number | null | undefined)).toBe(text));

  it.each([
    ['2026-05', '2026年5月'],
    ['2026-12', '2026年12月'],
    [null, '—'],
    ['2026', '2026'],
  ])('monthText(%s) = %s', (m, text) => expect(monthText(m)).toBe(text));
});

describe('the month a new roll defaults to', () => {
  it.each([
    [[], '2026-11-22', '2026-11'],
    [['2026-04', '2026-05'], '2026-11-22', '2026-06'],
    [['2026-12', '2026-10'], '2027-01-05', '2027-01'],
    [['bad'], '2026-03-01', '2026-03'],
  ])('latest %j on %s → %s', (months, today, next) => expect(nextRollMonth(months, today)).toBe(next));
});

describe('where a line came from', () => {
  it.each([
    [{ module: 'assistance', id: 'c0a8-1' }, '/assistance/cases/c0a8-1'],
    [{ module: 'other', id: 'x' }, null],
    [null, null],
  ])('%j → %s', (source, link) => expect(sourceLink(source)).toBe(link));
});

describe('roll buttons follow the work', () => {
  it('orders the actions the server offers: the forward step first, 退回 and 删除 last', () => {
    const keys = orderActions([{ key: 'discard' }, { key: 'return' }, { key: 'reissue' }, { key: 'approve' }, { key: 'regenerate' }]).map((a) => a.key);
    expect(keys).toEqual(['regenerate', 'approve', 'reissue', 'return', 'discard']);
  });

  // Which buttons exist is the server's decision (a reissue draft is offered only 删除草稿 there):
  // the page shows exactly what it is offered, in working order.
  it.each([
    [[{ key: 'discard' }, { key: 'regenerate' }], ['regenerate', 'discard']],
    [[{ key: 'discard' }], ['discard']],
  ])('shows the offer %j as %j', (offered, keys) => {
    expect(rollButtons({ availableActions: offered }).map((a) => a.key)).toEqual(keys);
  });
});

describe('yuan typed into a form', () => {
  it.each([
    ['200', { fen: 20_000 }],
    ['200.5', { fen: 20_050 }],
    [' 0.01 ', { fen: 1 }],
    ['', { error: '请填写金额' }],
    ['0', { error: '金额必须大于 0' }],
    ['1.234', { error: '金额应为元，最多两位小数' }],
    ['-3', { error: '金额应为元，最多两位小数' }],
  ])('%j → %j', (text, out) => expect(yuanField(text)).toEqual(out));
});

describe('dialog values → request bodies', () => {
  it('a holiday run carries no trigger; a price subsidy carries its linkage condition', () => {
    const base = { name: ' 2027年春节一次性生活补贴 ', programmes: ['dibao', 'tekun'], basis: 'person' as const, amountYuan: '200', month: '2027-01' };
    expect(runPayload({ ...base, kind: 'holiday', thresholdPct: '3.5' })).toEqual({
      kind: 'holiday', name: '2027年春节一次性生活补贴', programmes: ['dibao', 'tekun'], basis: 'person', amountFen: 20_000, month: '2027-01', note: '',
    });
    expect(runPayload({
      ...base, kind: 'price_subsidy', indicator: 'food_cpi', thresholdPct: '6', observedPct: '6.2', observedMonth: '2026-12', source: ' 统计局 ', reason: '食品价格上涨',
    }).trigger).toEqual({ indicator: 'food_cpi', thresholdPct: '6', observedPct: '6.2', observedMonth: '2026-12', source: '统计局', reason: '食品价格上涨' });
    expect(() => runPayload({ ...base, kind: 'holiday', amountYuan: 'abc' })).toThrow('金额应为元');
  });

  it('a bank profile: empty column rows dropped, success values split on any separator', () => {
    const v: BankProfileFormValues = {
      code: 'jlbank', name: ' 吉林银行 ', encoding: 'utf8', amountUnit: 'fen',
      columns: [{ header: '序号', field: 'transferNo' }, { header: ' ', field: 'memo' }, { header: '账号', field: 'account' }, { header: '金额(分)', field: 'amount' }],
      returnTransferNo: '序号', returnAccount: '账号', returnAmount: '金额', returnStatus: '状态', returnReason: '原因', successValues: '成功，0000、 00',
    };
    expect(bankProfilePayload(v)).toEqual({
      code: 'jlbank', name: '吉林银行', bankName: '', encoding: 'utf8', amountUnit: 'fen',
      columns: [{ header: '序号', field: 'transferNo' }, { header: '账号', field: 'account' }, { header: '金额(分)', field: 'amount' }],
      returnColumns: { transferNo: '序号', account: '账号', amount: '金额', status: '状态', reason: '原因' },
      successValues: ['成功', '0000', '00'],
    });
  });

  it.each([
    ['returnColumns.status', 'returnStatus'],
    ['returnColumns.transferNo', 'returnTransferNo'],
    ['columns', 'columns'],
  ])('server path %s → form field %s', (path, field) => expect(bankProfileFieldPath(path)).toBe(field));
});

describe('a rejected return file report', () => {
  it('is a CSV Excel opens as UTF-8, a missing transfer shown as such, commas quoted', () => {
    const csv = returnReportCsv([{ row: 3, transferNo: '2', problem: '金额与代发文件不符：文件 601.00，应为 600.00' }, { row: 0, transferNo: '5', problem: '文件中缺少该笔, 请核对' }]);
    expect(csv.startsWith('\uFEFF文件行号,序号,问题\r\n')).toBe(true);
    expect(csv).toContain('3,2,金额与代发文件不符：文件 601.00，应为 600.00\r\n');
    expect(csv).toContain('（文件中缺少）,5,"文件中缺少该笔, 请核对"');
  });
});

describe('spending report drill-down', () => {
  it.each([[3, 4], [4, 5], [5, null], [0, null]])('below level %s comes %s', (level, next) => expect(nextLevel(level)).toBe(next));
});

describe('control totals as a tree', () => {
  it('puts each village under its township, each township under the county, up to the province', () => {
    const row = (regionCode: string, level: number) => ({ regionCode, level, lines: 1 });
    const tree = totalsTree([
      row('220000000000', 1), row('220100000000', 2), row('220105000000', 3), row('220105003000', 4), row('220105001000', 4),
      row('220105003005', 5), row('220105001002', 5), row('220105003001', 5),
    ]);
    expect(tree).toHaveLength(1);
    const county = tree[0]!.children![0]!.children![0]!;
    expect(county.regionCode).toBe('220105000000');
    expect(county.children!.map((t) => t.regionCode)).toEqual(['220105001000', '220105003000']);
    expect(county.children![1]!.children!.map((v) => v.regionCode)).toEqual(['220105003001', '220105003005']);
    expect(county.children![0]!.children!.map((v) => v.regionCode)).toEqual(['220105001002']);
  });

  it('keeps a row without a parent at the top', () => {
    expect(totalsTree([{ regionCode: '220105003005', level: 5 }]).map((r) => r.regionCode)).toEqual(['220105003005']);
  });
});
