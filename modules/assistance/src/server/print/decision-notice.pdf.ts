/**
 * 确认通知书 / 不予确认通知书 / 终止通知书: the written decision handed to the applicant.
 *
 * Approvals state the amount and the first month paid (低保办法第二十一条, 特困办法第十七条: from the
 * month after the decision); refusals and terminations state written reasons (低保办法第二十一条、
 * 第三十二条, 特困办法第十八条、第二十六条). Every notice, approvals included — the amount can be
 * disputed too — ends with the remedy: 行政复议 within 60 days (《中华人民共和国行政复议法》2023年修订
 * 第二十条) or an action in court within 6 months (《中华人民共和国行政诉讼法》第四十六条), both counted
 * from when the applicant learns of the decision, i.e. receives this notice.
 */
import { assertFen, fenToYuanString, invalid, isIsoDate, parseYearMonth, type Fen, type FieldError, type IsoDate, type YearMonth } from '@mz/kernel';
import { CONTENT_WIDTH, PAGE, chineseDate, chineseMonth, drawSealPlaceholder, finishDocument, startDocument, type PdfRenderOptions } from './pdf-document.ts';
import { PROGRAMMES, type Programme } from '../../domain/labels.ts';

export type NoticeKind = 'approval' | 'refusal' | 'termination';

/** A line of the amount's make-up, e.g. 基本生活费 / 照料护理费 for 特困. */
export interface NoticeAmountItem {
  label: string;
  amountFen: Fen;
}

export type NoticeReasons = readonly [string, ...string[]];

interface NoticeCommon {
  caseNo: string;
  applicantName: string;
  applicationDate?: IsoDate;
  /** The deciding body, e.g. 长春市二道区民政局 (or the township where confirmation is delegated). */
  issuer: string;
  issuedOn: IsoDate;
  /**
   * Where 行政复议 is applied for. Since the 2023 revision (第二十四条) that is the people's government
   * at the issuer's level (长春市二道区人民政府 for 二道区民政局), no longer the department above: the
   * caller names it because it depends on who issued the notice.
   */
  reviewBody: string;
  /** The court with jurisdiction for a direct action, e.g. 长春市二道区人民法院. */
  court: string;
}

/** 低保 and 特困 approvals pay monthly from `startMonth`. */
export interface MonthlyApproval extends NoticeCommon {
  kind: 'approval';
  programme: 'dibao' | 'tekun';
  monthlyAmountFen: Fen;
  startMonth: YearMonth;
  /** 低保: members covered (单人保 covers one of several). */
  coveredPersons?: number;
  items?: readonly NoticeAmountItem[];
  /** Optional remarks on the decision (审核意见). */
  reasons?: readonly string[];
}

/** 临时救助 is a one-off grant: an amount, no start month. */
export interface GrantApproval extends NoticeCommon {
  kind: 'approval';
  programme: 'linshi';
  amountFen: Fen;
  items?: readonly NoticeAmountItem[];
  reasons?: readonly string[];
}

export interface Refusal extends NoticeCommon {
  kind: 'refusal';
  programme: Programme;
  reasons: NoticeReasons;
}

/** Only the monthly programmes are terminated; payments stop from `stopMonth`. */
export interface Termination extends NoticeCommon {
  kind: 'termination';
  programme: 'dibao' | 'tekun';
  stopMonth: YearMonth;
  reasons: NoticeReasons;
}

export type DecisionNoticeInput = MonthlyApproval | GrantApproval | Refusal | Termination;

const MONEY_NAME: Record<Programme, string> = { dibao: '最低生活保障金', tekun: '救助供养金', linshi: '临时救助金' };

export function decisionNoticeTitle(input: Pick<DecisionNoticeInput, 'kind' | 'programme'>): string {
  const name = PROGRAMMES[input.programme];
  if (input.programme === 'linshi') {
    // 临时救助 is approved or not (审批), there is no 确认 step and nothing to terminate.
    return input.kind === 'approval' ? '临时救助审批通知书' : '临时救助不予救助通知书';
  }
  return { approval: `${name}确认通知书`, refusal: `${name}不予确认通知书`, termination: `${name}终止通知书` }[input.kind];
}

/** The remedy sentence printed on every notice; the periods are the statutory ones named in the module comment. */
export function remedySentence(reviewBody: string, court: string): string {
  return (
    `如对本决定不服，可以自收到本通知书之日起六十日内，依照《中华人民共和国行政复议法》第二十条的规定向${reviewBody}申请行政复议；` +
    `也可以自收到本通知书之日起六个月内，依照《中华人民共和国行政诉讼法》第四十六条的规定向${court}提起行政诉讼。`
  );
}

function checkInput(input: DecisionNoticeInput): void {
  const errors: FieldError[] = [];
  for (const field of ['caseNo', 'applicantName', 'issuer', 'reviewBody', 'court'] as const) {
    if (typeof input[field] !== 'string' || !input[field].trim()) errors.push({ path: field, message: '不能为空' });
  }
  if (!isIsoDate(input.issuedOn)) errors.push({ path: 'issuedOn', message: '落款日期应为 YYYY-MM-DD' });
  if (input.applicationDate !== undefined && !isIsoDate(input.applicationDate)) {
    errors.push({ path: 'applicationDate', message: '申请日期应为 YYYY-MM-DD' });
  }
  const fen = (path: string, value: unknown) => {
    try {
      if (assertFen(value) < 0) errors.push({ path, message: '金额不能为负数' });
    } catch {
      errors.push({ path, message: '金额应为以分为单位的整数' });
    }
  };
  const month = (path: string, value: string) => {
    try {
      parseYearMonth(value);
    } catch {
      errors.push({ path, message: '月份应为 YYYY-MM' });
    }
  };
  if (input.kind === 'approval') {
    if (input.programme === 'linshi') fen('amountFen', input.amountFen);
    else {
      fen('monthlyAmountFen', input.monthlyAmountFen);
      month('startMonth', input.startMonth);
    }
    input.items?.forEach((item, i) => fen(`items[${i}].amountFen`, item.amountFen));
  } else {
    // Refusals and terminations without written reasons are not lawful decisions.
    if (!input.reasons?.length || input.reasons.some((r) => typeof r !== 'string' || !r.trim())) {
      errors.push({ path: 'reasons', message: '不予确认或终止必须写明理由' });
    }
    if (input.kind === 'termination') month('stopMonth', input.stopMonth);
  }
  if (errors.length) throw invalid('通知书内容不正确', errors);
}

/** "其中：基本生活费1027.00元，照料护理费212.00元。" after the amount, when the caller gives a make-up. */
function itemsLine(items: readonly NoticeAmountItem[] | undefined): string[] {
  if (!items?.length) return [];
  return [`其中：${items.map((item) => `${item.label}${fenToYuanString(item.amountFen)}元`).join('，')}。`];
}

function bodyParagraphs(input: DecisionNoticeInput): string[] {
  const name = PROGRAMMES[input.programme];
  const applied = input.applicationDate ? `你于${chineseDate(input.applicationDate)}提出的${name}申请` : `你提出的${name}申请`;
  switch (input.kind) {
    case 'approval': {
      if (input.programme === 'linshi') {
        return [`${applied}，经审核，符合临时救助条件，决定给予你临时救助金${fenToYuanString(input.amountFen)}元。`, ...itemsLine(input.items)];
      }
      const amount = fenToYuanString(input.monthlyAmountFen);
      const start = chineseMonth(input.startMonth);
      if (input.programme === 'dibao') {
        const covered = input.coveredPersons ? `将你家${input.coveredPersons}人纳入最低生活保障范围，` : '给予你家最低生活保障，';
        return [
          `${applied}，经审核，符合最低生活保障条件，决定自${start}起${covered}每月发放最低生活保障金${amount}元。`,
          ...itemsLine(input.items),
          '享受最低生活保障期间，家庭人口、收入和财产状况发生变化的，请及时告知乡镇人民政府（街道办事处）。',
        ];
      }
      return [
        `${applied}，经审核，符合特困人员救助供养条件，决定自${start}起给予你救助供养，每月发放救助供养金${amount}元。`,
        ...itemsLine(input.items),
        '享受救助供养期间，本人收入、财产或者赡养、抚养、扶养义务人状况发生变化的，请及时告知乡镇人民政府（街道办事处）。',
      ];
    }
    case 'refusal':
      return [`${applied}，经审核，不符合${name}条件，决定${input.programme === 'linshi' ? '不予救助' : '不予确认'}。理由如下：`];
    case 'termination':
      // 低保 is granted to a household, 特困 to a person.
      return [`经核查，${input.programme === 'dibao' ? '你家' : '你'}已不再符合${name}条件，决定自${chineseMonth(input.stopMonth)}起停止发放${MONEY_NAME[input.programme]}，终止${name}。理由如下：`];
  }
}

/** Renders the notice as a one-page A4 PDF (long reasons continue on a second page). */
export async function renderDecisionNoticePdf(input: DecisionNoticeInput, options: PdfRenderOptions = {}): Promise<Buffer> {
  checkInput(input);
  const title = decisionNoticeTitle(input);
  const { doc, bytes } = startDocument({ title, author: input.issuer, subject: `${title} ${input.caseNo}` }, options);
  const paragraph = { align: 'justify' as const, indent: 24, lineGap: 5, width: CONTENT_WIDTH };

  doc.fontSize(20).text(title, { align: 'center' });
  doc.moveDown(0.4);
  doc.fontSize(11).text(`案件编号：${input.caseNo}`, { align: 'right' });
  doc.moveDown(1);
  doc.fontSize(13).text(`${input.applicantName.trim()}：`, PAGE.margin, doc.y, { lineGap: 5 });
  doc.moveDown(0.3);

  for (const text of bodyParagraphs(input)) {
    doc.fontSize(13).text(text, PAGE.margin, doc.y, paragraph);
    doc.moveDown(0.3);
  }
  if (input.kind === 'approval') {
    if (input.reasons?.length) {
      doc.text(`审核意见：${input.reasons.join('；')}。`, PAGE.margin, doc.y, paragraph);
      doc.moveDown(0.3);
    }
  } else {
    input.reasons.forEach((reason, i) => {
      doc.text(`${i + 1}. ${reason.trim()}`, PAGE.margin, doc.y, paragraph);
      doc.moveDown(0.2);
    });
    doc.moveDown(0.1);
  }
  doc.text(remedySentence(input.reviewBody, input.court), PAGE.margin, doc.y, paragraph);

  // Issuer, date and the seal stay together; move them to a new page rather than split them.
  const blockHeight = 130;
  if (doc.y + blockHeight > PAGE.height - PAGE.margin) doc.addPage();
  const blockWidth = 240;
  const blockX = PAGE.margin + CONTENT_WIDTH - blockWidth;
  const issuerY = doc.y + 48;
  doc.fontSize(13).text(input.issuer, blockX, issuerY, { width: blockWidth, align: 'center' });
  doc.text(chineseDate(input.issuedOn), blockX, doc.y + 8, { width: blockWidth, align: 'center' });
  drawSealPlaceholder(doc, blockX + blockWidth / 2, issuerY + 16, 46);

  finishDocument(doc);
  return bytes;
}
