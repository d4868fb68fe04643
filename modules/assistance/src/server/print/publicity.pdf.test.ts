import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '@mz/kernel';
import { renderPublicityPdf, publicityTitle, type PublicityInput, type PublicityRow } from './publicity.pdf.ts';
import { pdfInfo, pdfPageTexts, pdftotext } from './pdf-text.testing.ts';

const base: Omit<PublicityInput, 'rows'> = {
  programme: 'dibao',
  stage: 'preliminary',
  regionName: '吉林省长春市二道区荣光街道荣光社区居委会',
  periodFrom: '2026-03-02',
  complaintBody: '荣光街道办事处社会救助窗口',
  complaintPhone: '0431-84651234',
  issuer: '长春市二道区荣光街道办事处',
  issuedOn: '2026-03-02',
};

const rows: PublicityRow[] = [
  { name: '李秀兰', householdSize: 3, amountFen: 137_000 },
  { name: '赵建国', householdSize: 1, amountFen: 79_000 },
  { name: '阿依古丽·买买提', householdSize: 2, amountFen: 104_550 },
];

/** Page texts joined without line breaks, so a sentence wrapped across lines still matches. */
const flat = (pdf: Buffer) => pdfPageTexts(pdf).join('\n').replace(/\n/g, '');

const tmp = mkdtempSync(join(tmpdir(), 'mz-publicity-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('renderPublicityPdf', () => {
  it('writes a small PDF with the title, place, period, complaint phone, every row and the total', async () => {
    const pdf = await renderPublicityPdf({ ...base, rows }, { now: new Date('2026-03-02T01:30:00Z') });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The 15 MB font is subset: only the glyphs used travel with the file.
    expect(pdf.length).toBeLessThan(200 * 1024);

    const text = flat(pdf);
    expect(text).toContain('最低生活保障初审结果公示');
    expect(text).toContain('吉林省长春市二道区荣光街道荣光社区居委会');
    expect(text).toContain('公示期为2026年3月2日至2026年3月8日（共7天）');
    expect(text).toContain('监督电话：0431-84651234');
    expect(text).toContain('荣光街道办事处社会救助窗口');
    for (const header of ['序号', '户主/申请人姓名', '家庭人口', '月保障金额（元）']) expect(text).toContain(header);
    const lines = pdfPageTexts(pdf)[0]!.split('\n');
    // Each row is its own four cells in order: number, name, household size, amount in yuan.
    const row = (first: string) => lines.slice(lines.indexOf(first) - 1, lines.indexOf(first) + 3);
    expect(row('李秀兰')).toEqual(['1', '李秀兰', '3', '1370.00']);
    expect(row('赵建国')).toEqual(['2', '赵建国', '1', '790.00']);
    expect(row('阿依古丽·买买提')).toEqual(['3', '阿依古丽·买买提', '2', '1045.50']);
    expect(row('3 户')).toEqual(['合计', '3 户', '6', '3205.50']);
    expect(text).toContain('长春市二道区荣光街道办事处2026年3月2日');

    const info = pdfInfo(pdf);
    expect(info.Title).toBe('最低生活保障初审结果公示');
    expect(info.Author).toBe('长春市二道区荣光街道办事处');
    expect(info.CreationDate).toBe('D:20260302013000Z');
  });

  it('a row cannot carry an ID number: refused by the type and again at run time, without echoing the value', async () => {
    const withId = { name: '李秀兰', householdSize: 3, amountFen: 137_000, idNumber: '22010519800101001X' };
    // @ts-expect-error idNumber is not one of the three published fields
    const attempt = renderPublicityPdf({ ...base, rows: [withId] });
    const error = await attempt.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).errors).toEqual([{ path: 'rows[0].idNumber', message: '公示只能包含姓名、家庭人口和金额' }]);
    expect(JSON.stringify(error) + (error as Error).message).not.toContain('22010519800101001X');

    // The same holds for any other field a database row might bring along.
    const fromDatabase = { name: '赵建国', householdSize: 1, amountFen: 79_000, phone: '13843112345', address: '荣光路1号' };
    // @ts-expect-error phone and address are not published fields either
    await expect(renderPublicityPdf({ ...base, rows: [fromDatabase] })).rejects.toThrow('公示名单内容不正确');
  });

  it('repeats the title and column header on every page of a long list and numbers every row once', async () => {
    const many = Array.from({ length: 130 }, (_, i) => ({ name: `居民${String(i + 1).padStart(3, '0')}`, householdSize: 1 + (i % 4), amountFen: 79_000 * (1 + (i % 4)) }));
    const pages = pdfPageTexts(await renderPublicityPdf({ ...base, rows: many }));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((page, i) => {
      expect(page.split('\n')).toContain('户主/申请人姓名');
      expect(page).toContain(`第 ${i + 1} 页 共 ${pages.length} 页`);
      if (i > 0) expect(page).toContain('最低生活保障初审结果公示（续）');
    });
    const names = pages.flatMap((page) => page.split('\n').filter((line) => line.startsWith('居民')));
    expect(names).toEqual(many.map((r) => r.name));
    // 130 households with sizes 1, 2, 3, 4 repeating: 32 rounds of 10 persons, then 1 + 2 = 323.
    expect(pages.at(-1)!.split('\n')).toEqual(expect.arrayContaining(['合计', '130 户', '323']));
    expect(pages.at(-1)).toContain('长春市二道区荣光街道办事处');
  });

  it.each([
    ['tekun', 'preliminary', '特困人员供养初审结果公示', '月供养金额（元）'],
    ['tekun', 'decided', '特困人员供养确认结果公示', '月供养金额（元）'],
    ['dibao', 'decided', '最低生活保障确认结果公示', '月保障金额（元）'],
    ['linshi', 'decided', '临时救助审批结果公示', '救助金额（元）'],
  ] as const)('%s %s: 「%s」 with the column 「%s」', async (programme, stage, title, amountHeader) => {
    expect(publicityTitle(programme, stage)).toBe(title);
    const text = flat(await renderPublicityPdf({ ...base, programme, stage, rows }));
    expect(text).toContain(title);
    expect(text).toContain(amountHeader);
  });

  it('refuses an empty list and impossible rows, naming the fields', async () => {
    await expect(renderPublicityPdf({ ...base, rows: [] })).rejects.toMatchObject({ errors: [{ path: 'rows', message: '公示名单不能为空' }] });
    const bad = [{ name: ' ', householdSize: 0, amountFen: 12.5 }];
    await expect(renderPublicityPdf({ ...base, periodFrom: '2026-02-30', rows: bad })).rejects.toMatchObject({
      errors: [
        { path: 'periodFrom', message: '公示开始日期应为 YYYY-MM-DD' },
        { path: 'rows[0].name', message: '姓名不能为空' },
        { path: 'rows[0].householdSize', message: '家庭人口应为正整数' },
        { path: 'rows[0].amountFen', message: '金额应为以分为单位的整数' },
      ],
    });
  });

  it('names the Debian font package when the font is missing', async () => {
    await expect(renderPublicityPdf({ ...base, rows }, { fontPath: '/nonexistent/LXGWWenKai-Regular.ttf' })).rejects.toThrow(/fonts-lxgw-wenkai/);
  });

  it('reads the same with pdftotext (poppler-utils), row by row in layout', async (ctx) => {
    const file = join(tmp, 'publicity.pdf');
    writeFileSync(file, await renderPublicityPdf({ ...base, rows }));
    const text = pdftotext(file);
    if (text === null) return ctx.skip('pdftotext is not installed (Debian package poppler-utils); the in-process text checks above still ran');
    expect(text).toContain('最低生活保障初审结果公示');
    expect(text).toMatch(/1\s+李秀兰\s+3\s+1370\.00/);
    expect(text).toMatch(/2\s+赵建国\s+1\s+790\.00/);
    expect(text).toMatch(/合计\s+3\s*户\s+6\s+3205\.50/);
    expect(text).toContain('0431-84651234');
  });
});
