/**
 * 公示名单: the list posted in a village or community for 7 days after the township's first review
 * (初审) and again after the decision (低保办法第十九条、第二十四条; 特困办法第十五条、第十七条).
 *
 * Only the applicant's name, the household size and the amount may be published (低保办法第二十四条:
 * "保护个人隐私，不得公开无关信息"). ID numbers, phones, addresses, illness, disability and bank
 * accounts never appear. That is enforced three times: the row type has exactly those three fields
 * and rejects objects with more at compile time, the renderer refuses rows with extra keys at run
 * time (a database row passed through by mistake), and it reads only the three fields anyway.
 */
import { addCalendarDays, assertFen, fenToYuanString, invalid, isIsoDate, sumFen, type Fen, type FieldError, type IsoDate } from '@mz/kernel';
import type { Programme } from '../../domain/labels.ts';
import { CONTENT_WIDTH, PAGE, chineseDate, drawSealPlaceholder, finishDocument, startDocument, type Pdf, type PdfRenderOptions } from './pdf-document.ts';

/** 初审 (township first review) or the final decision (确认 for 低保/特困, 审批 for 临时救助). */
export type PublicityStage = 'preliminary' | 'decided';

/** One published line. Nothing else about a household may be printed; see the module comment. */
export interface PublicityRow {
  readonly name: string;
  readonly householdSize: number;
  /** Monthly amount for 低保 and 特困, the one-off grant for 临时救助. */
  readonly amountFen: Fen;
}

/** Maps every key beyond the three published ones to `never`, so an object carrying one does not type-check. */
export type OnlyPublicityFields<R> = { [K in keyof R]: K extends keyof PublicityRow ? R[K] : never };

export interface PublicityInput<R extends PublicityRow = PublicityRow> {
  programme: Programme;
  stage: PublicityStage;
  /** Full name of the village or community where the list is posted, e.g. 吉林省长春市二道区荣光街道荣光社区居委会. */
  regionName: string;
  /** First day of the 7-day publicity; the last day is computed. */
  periodFrom: IsoDate;
  rows: readonly (R & OnlyPublicityFields<R>)[];
  /** Who takes objections, e.g. 荣光街道办事处社会救助窗口. */
  complaintBody: string;
  /** The township's complaint phone, printed as given (e.g. 0431-84651234). */
  complaintPhone: string;
  /** Issuing body, e.g. 长春市二道区荣光街道办事处. */
  issuer: string;
  issuedOn: IsoDate;
}

/** 低保办法第十九条 and 特困办法第十五条 both say 7 days; counted inclusive of the posting day, as notices state it. */
export const PUBLICITY_DAYS = 7;

const PROGRAMME_TEXT: Record<Programme, { name: string; basis: string; nameHeader: string; amountHeader: string; unit: '户' | '人' }> = {
  dibao: { name: '最低生活保障', basis: '《最低生活保障审核确认办法》', nameHeader: '户主/申请人姓名', amountHeader: '月保障金额（元）', unit: '户' },
  tekun: { name: '特困人员供养', basis: '《特困人员认定办法》', nameHeader: '申请人姓名', amountHeader: '月供养金额（元）', unit: '人' },
  linshi: { name: '临时救助', basis: '《社会救助暂行办法》', nameHeader: '户主/申请人姓名', amountHeader: '救助金额（元）', unit: '户' },
};

const STAGE_TEXT: Record<Programme, Record<PublicityStage, string>> = {
  dibao: { preliminary: '初审结果', decided: '确认结果' },
  tekun: { preliminary: '初审结果', decided: '确认结果' },
  // 临时救助 is approved (审批), not confirmed: the county or, within its quota, the township grants it.
  linshi: { preliminary: '审核结果', decided: '审批结果' },
};

export function publicityTitle(programme: Programme, stage: PublicityStage): string {
  return `${PROGRAMME_TEXT[programme].name}${STAGE_TEXT[programme][stage]}公示`;
}

const ROW_KEYS = new Set<string>(['name', 'householdSize', 'amountFen']);

function checkInput(input: PublicityInput<PublicityRow>): void {
  const errors: FieldError[] = [];
  if (!PROGRAMME_TEXT[input.programme]) errors.push({ path: 'programme', message: '未知的救助项目' });
  if (input.stage !== 'preliminary' && input.stage !== 'decided') errors.push({ path: 'stage', message: '未知的公示阶段' });
  if (!isIsoDate(input.periodFrom)) errors.push({ path: 'periodFrom', message: '公示开始日期应为 YYYY-MM-DD' });
  if (!isIsoDate(input.issuedOn)) errors.push({ path: 'issuedOn', message: '落款日期应为 YYYY-MM-DD' });
  for (const field of ['regionName', 'complaintBody', 'complaintPhone', 'issuer'] as const) {
    if (!input[field]?.trim()) errors.push({ path: field, message: '不能为空' });
  }
  if (input.rows.length === 0) errors.push({ path: 'rows', message: '公示名单不能为空' });
  input.rows.forEach((row, i) => {
    // Only key names are reported, never the values: the point is that they must not be printed.
    for (const key of Object.keys(row)) {
      if (!ROW_KEYS.has(key)) errors.push({ path: `rows[${i}].${key}`, message: '公示只能包含姓名、家庭人口和金额' });
    }
    if (typeof row.name !== 'string' || !row.name.trim()) errors.push({ path: `rows[${i}].name`, message: '姓名不能为空' });
    if (!Number.isInteger(row.householdSize) || row.householdSize < 1) {
      errors.push({ path: `rows[${i}].householdSize`, message: '家庭人口应为正整数' });
    }
    try {
      assertFen(row.amountFen);
      if (row.amountFen < 0) errors.push({ path: `rows[${i}].amountFen`, message: '金额不能为负数' });
    } catch {
      errors.push({ path: `rows[${i}].amountFen`, message: '金额应为以分为单位的整数' });
    }
  });
  if (errors.length) throw invalid('公示名单内容不正确', errors);
}

// Column widths in points; the name column takes what is left, and long names wrap within it.
const COLUMNS = [
  { key: 'no', header: '序号', width: 48, align: 'center' },
  { key: 'name', header: '', width: CONTENT_WIDTH - 48 - 84 - 132, align: 'center' },
  { key: 'size', header: '家庭人口', width: 84, align: 'center' },
  { key: 'amount', header: '', width: 132, align: 'right' },
] as const;
const CELL_PAD_X = 6;
const CELL_PAD_Y = 5;
const TABLE_FONT = 11;
/** Space kept free under the last table row on a page for the footer line. */
const PAGE_BOTTOM = PAGE.height - PAGE.margin;
/** Height of the closing block (total, notes, issuer, date, seal) that must stay on one page. */
const CLOSING_HEIGHT = 190;

/**
 * Renders the 公示 as an A4 PDF. Long lists continue on further pages, each starting with the
 * title (marked 续) and the column header, so a posted page can be read on its own.
 */
export async function renderPublicityPdf<R extends PublicityRow>(input: PublicityInput<R>, options: PdfRenderOptions = {}): Promise<Buffer> {
  checkInput(input);
  const text = PROGRAMME_TEXT[input.programme];
  const title = publicityTitle(input.programme, input.stage);
  const periodTo = addCalendarDays(input.periodFrom, PUBLICITY_DAYS - 1);
  const headers = COLUMNS.map((c) => (c.key === 'name' ? text.nameHeader : c.key === 'amount' ? text.amountHeader : c.header));
  // Copy the three fields out before anything else touches the rows.
  const rows = input.rows.map((r, i) => [String(i + 1), r.name.trim(), String(r.householdSize), fenToYuanString(r.amountFen)]);
  const totals = [
    '合计',
    `${rows.length} ${text.unit}`,
    String(input.rows.reduce((sum, r) => sum + r.householdSize, 0)),
    fenToYuanString(sumFen(input.rows.map((r) => r.amountFen))),
  ];

  const { doc, bytes } = startDocument({ title, author: input.issuer, subject: `${input.regionName} ${title}` }, options);

  doc.fontSize(20).text(title, { align: 'center' });
  doc.moveDown(0.3);
  doc.fontSize(12).text(input.regionName, { align: 'center' });
  doc.moveDown(0.8);
  const intro =
    input.stage === 'preliminary'
      ? `根据${text.basis}的规定，经入户调查、信息核对等程序，现将${text.name}${STAGE_TEXT[input.programme].preliminary}予以公示。`
      : `根据${text.basis}的规定，现将${text.name}${STAGE_TEXT[input.programme].decided}予以公示。`;
  doc
    .fontSize(12)
    .text(
      `${intro}公示期为${chineseDate(input.periodFrom)}至${chineseDate(periodTo)}（共${PUBLICITY_DAYS}天）。` +
        `对公示对象有异议的，请在公示期内向${input.complaintBody}反映，监督电话：${input.complaintPhone}。`,
      { align: 'justify', indent: 24, lineGap: 4 },
    );
  doc.moveDown(0.8);

  let y = drawRow(doc, doc.y, headers, 'header');
  rows.forEach((cells, i) => {
    const height = rowHeight(doc, cells);
    // The last row must leave room for the total line; the others only for themselves.
    const needed = height + (i === rows.length - 1 ? rowHeight(doc, totals) : 0);
    if (y + needed > PAGE_BOTTOM) y = continuePage(doc, title, input.regionName, headers);
    y = drawRow(doc, y, cells, 'body');
  });
  y = drawRow(doc, y, totals, 'total');

  if (y + CLOSING_HEIGHT > PAGE_BOTTOM) {
    doc.addPage();
    y = PAGE.margin;
  }
  doc.fontSize(10.5).fillColor('#333333').text(
    '本公示仅供社会监督，只列明姓名、家庭人口和金额。',
    PAGE.margin,
    y + 12,
    { width: CONTENT_WIDTH },
  );
  doc.fillColor('black');
  const blockX = PAGE.margin + CONTENT_WIDTH - 220;
  const issuerY = doc.y + 36;
  doc.fontSize(12).text(input.issuer, blockX, issuerY, { width: 220, align: 'center' });
  doc.text(chineseDate(input.issuedOn), blockX, doc.y + 6, { width: 220, align: 'center' });
  drawSealPlaceholder(doc, blockX + 110, issuerY + 14);

  finishDocument(doc);
  return bytes;
}

function rowHeight(doc: Pdf, cells: readonly string[]): number {
  doc.fontSize(TABLE_FONT);
  const heights = cells.map((cell, i) => doc.heightOfString(cell, { width: COLUMNS[i]!.width - 2 * CELL_PAD_X }));
  return Math.max(...heights) + 2 * CELL_PAD_Y;
}

type RowKind = 'header' | 'body' | 'total';

/** Draws one table row with its cell borders at `y` and returns the y below it. */
function drawRow(doc: Pdf, y: number, cells: readonly string[], kind: RowKind): number {
  const height = rowHeight(doc, cells);
  let x = PAGE.margin;
  if (kind !== 'body') doc.save().rect(x, y, CONTENT_WIDTH, height).fill('#eeeeee').restore();
  cells.forEach((cell, i) => {
    const column = COLUMNS[i]!;
    doc.save().lineWidth(0.6).strokeColor('#333333').rect(x, y, column.width, height).stroke().restore();
    const textHeight = doc.heightOfString(cell, { width: column.width - 2 * CELL_PAD_X });
    doc.fillColor('black').fontSize(TABLE_FONT).text(cell, x + CELL_PAD_X, y + (height - textHeight) / 2, {
      width: column.width - 2 * CELL_PAD_X,
      // Headers are centred; amounts stay right-aligned in the total too, so the decimals line up.
      align: kind === 'header' ? 'center' : column.align,
    });
    x += column.width;
  });
  return y + height;
}

function continuePage(doc: Pdf, title: string, regionName: string, headers: readonly string[]): number {
  doc.addPage();
  doc.fontSize(12).text(`${title}（续）  ${regionName}`, PAGE.margin, PAGE.margin, { width: CONTENT_WIDTH, align: 'center' });
  return drawRow(doc, doc.y + 8, headers, 'header');
}
