import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderDecisionNoticePdf, type DecisionNoticeInput } from './decision-notice.pdf.ts';
import { pdfInfo, pdfPageTexts, pdftotext } from './pdf-text.testing.ts';

const common = {
  caseNo: 'DB-220105-2026-000123',
  applicantName: '李秀兰',
  applicationDate: '2026-01-05',
  issuer: '长春市二道区民政局',
  issuedOn: '2026-02-10',
  reviewBody: '长春市二道区人民政府',
  court: '长春市二道区人民法院',
};

const flat = (pdf: Buffer) => pdfPageTexts(pdf).join('\n').replace(/\n/g, '');

const REMEDY =
  '如对本决定不服，可以自收到本通知书之日起六十日内，依照《中华人民共和国行政复议法》第二十条的规定向长春市二道区人民政府申请行政复议；' +
  '也可以自收到本通知书之日起六个月内，依照《中华人民共和国行政诉讼法》第四十六条的规定向长春市二道区人民法院提起行政诉讼。';

const cases: [string, DecisionNoticeInput, string[]][] = [
  [
    '最低生活保障确认通知书',
    { ...common, kind: 'approval', programme: 'dibao', monthlyAmountFen: 213_000, startMonth: '2026-03', coveredPersons: 3 },
    ['你于2026年1月5日提出的最低生活保障申请，经审核，符合最低生活保障条件，', '决定自2026年3月起将你家3人纳入最低生活保障范围，每月发放最低生活保障金2130.00元。', '家庭人口、收入和财产状况发生变化的，请及时告知'],
  ],
  [
    '特困人员救助供养确认通知书',
    {
      ...common, kind: 'approval', programme: 'tekun', monthlyAmountFen: 123_900, startMonth: '2026-03',
      items: [{ label: '基本生活费', amountFen: 102_700 }, { label: '照料护理费', amountFen: 21_200 }],
    },
    ['你于2026年1月5日提出的特困人员救助供养申请，', '决定自2026年3月起给予你救助供养，每月发放救助供养金1239.00元。', '其中：基本生活费1027.00元，照料护理费212.00元。'],
  ],
  [
    '临时救助审批通知书',
    { ...common, kind: 'approval', programme: 'linshi', amountFen: 316_000 },
    ['你于2026年1月5日提出的临时救助申请，经审核，符合临时救助条件，决定给予你临时救助金3160.00元。'],
  ],
  [
    '最低生活保障不予确认通知书',
    { ...common, kind: 'refusal', programme: 'dibao', reasons: ['家庭月人均收入1260.00元，高于城市低保标准790.00元', '家庭成员名下有机动车2辆'] },
    ['你于2026年1月5日提出的最低生活保障申请，经审核，不符合最低生活保障条件，决定不予确认。理由如下：', '1. 家庭月人均收入1260.00元，高于城市低保标准790.00元', '2. 家庭成员名下有机动车2辆'],
  ],
  [
    '特困人员救助供养不予确认通知书',
    { ...common, kind: 'refusal', programme: 'tekun', reasons: ['申请人之子具有赡养能力'] },
    ['不符合特困人员救助供养条件，决定不予确认。', '1. 申请人之子具有赡养能力'],
  ],
  [
    '临时救助不予救助通知书',
    { ...common, kind: 'refusal', programme: 'linshi', reasons: ['所述支出已由医疗保险和大病保险全额报销'] },
    ['不符合临时救助条件，决定不予救助。', '1. 所述支出已由医疗保险和大病保险全额报销'],
  ],
  [
    '最低生活保障终止通知书',
    { ...common, kind: 'termination', programme: 'dibao', stopMonth: '2026-04', reasons: ['渐退期已满6个月，家庭月人均收入持续高于低保标准'] },
    ['经核查，你家已不再符合最低生活保障条件，决定自2026年4月起停止发放最低生活保障金，终止最低生活保障。理由如下：', '1. 渐退期已满6个月'],
  ],
  [
    '特困人员救助供养终止通知书',
    { ...common, kind: 'termination', programme: 'tekun', stopMonth: '2026-05', reasons: ['本人自愿申请退出'] },
    ['经核查，你已不再符合特困人员救助供养条件，决定自2026年5月起停止发放救助供养金，终止特困人员救助供养。', '1. 本人自愿申请退出'],
  ],
];

const tmp = mkdtempSync(join(tmpdir(), 'mz-notice-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('renderDecisionNoticePdf', () => {
  it.each(cases)('「%s」 states the decision, the remedy, the issuer and the date', async (title, input, expected) => {
    const pdf = await renderDecisionNoticePdf(input, { now: new Date('2026-02-10T02:00:00Z') });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(200 * 1024);
    const text = flat(pdf);
    expect(text.startsWith(title)).toBe(true);
    expect(text).toContain('案件编号：DB-220105-2026-000123');
    expect(text).toContain('李秀兰：');
    for (const phrase of expected) expect(text).toContain(phrase);
    expect(text).toContain(REMEDY);
    expect(text).toContain('长春市二道区民政局2026年2月10日');
    expect(text).toContain('（盖章）');
    expect(pdfInfo(pdf)).toMatchObject({ Title: title, Author: '长春市二道区民政局', CreationDate: 'D:20260210020000Z' });
  });

  it('leaves out the application date when it is not known', async () => {
    const text = flat(await renderDecisionNoticePdf({ ...common, applicationDate: undefined, kind: 'refusal', programme: 'dibao', reasons: ['未按要求配合入户调查'] }));
    expect(text).toContain('你提出的最低生活保障申请，经审核');
  });

  it('will not issue a refusal or termination without reasons', async () => {
    // @ts-expect-error reasons must name at least one reason
    const noReasons: DecisionNoticeInput = { ...common, kind: 'refusal', programme: 'dibao', reasons: [] };
    await expect(renderDecisionNoticePdf(noReasons)).rejects.toMatchObject({ errors: [{ path: 'reasons', message: '不予确认或终止必须写明理由' }] });
    const blank: DecisionNoticeInput = { ...common, kind: 'termination', programme: 'tekun', stopMonth: '2026-13', reasons: ['  '] };
    await expect(renderDecisionNoticePdf(blank)).rejects.toMatchObject({
      errors: [{ path: 'reasons', message: '不予确认或终止必须写明理由' }, { path: 'stopMonth', message: '月份应为 YYYY-MM' }],
    });
  });

  it('has no termination for 临时救助 and no start month for its one-off grant', () => {
    // @ts-expect-error 临时救助 is a one-off grant: nothing to terminate
    const termination: DecisionNoticeInput = { ...common, kind: 'termination', programme: 'linshi', stopMonth: '2026-04', reasons: ['x'] };
    // @ts-expect-error a 低保 approval needs its monthly amount and start month
    const incomplete: DecisionNoticeInput = { ...common, kind: 'approval', programme: 'dibao', amountFen: 79_000 };
    expect([termination.kind, incomplete.kind]).toEqual(['termination', 'approval']);
  });

  it('reads the same with pdftotext (poppler-utils)', async (ctx) => {
    const file = join(tmp, 'notice.pdf');
    writeFileSync(file, await renderDecisionNoticePdf(cases[0]![1]));
    const text = pdftotext(file);
    if (text === null) return ctx.skip('pdftotext is not installed (Debian package poppler-utils); the in-process text checks above still ran');
    const joined = text.replace(/\s+/g, '');
    expect(joined).toContain('最低生活保障确认通知书');
    expect(joined).toContain('每月发放最低生活保障金2130.00元');
    expect(joined).toContain('六十日内');
    expect(joined).toContain('六个月内');
  });
});
