/**
 * 老年人能力评估报告 as a PDF: the person (masked ID), the date and assessors, every dimension and
 * item with the option chosen, the total, preliminary and final level with the change reasons, the
 * next reassessment date, and signature lines.
 *
 * The same approach as assistance's notices (modules/assistance/src/server/print): pdfkit with the
 * LXGW WenKai TTF from the Debian package `fonts-lxgw-wenkai`, which pdfkit subsets itself, so a
 * report stays small although the font file is about 15 MB. The font is read once per process.
 */
import { existsSync, readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { parseIsoDate, type IsoDate } from '@mz/kernel';
import { ASSESSMENT_ITEMS, DIMENSIONS, optionText } from '../domain/assessment.catalog.ts';
import { ABILITY_LEVEL_NAMES, type AbilityLevel } from '../domain/assessment.names.ts';
import type { AssessmentDetail } from './assessment.service.ts';

export const ASSESSMENT_FONT_PATH = '/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf';
export const ASSESSMENT_FONT_PACKAGE = 'fonts-lxgw-wenkai';

const fontCache = new Map<string, Buffer>();

function loadFont(path: string): Buffer {
  const cached = fontCache.get(path);
  if (cached) return cached;
  if (!existsSync(path)) {
    throw new Error(`生成 PDF 所需的中文字体不存在：${path}。请安装 Debian 软件包 ${ASSESSMENT_FONT_PACKAGE}（apt-get install ${ASSESSMENT_FONT_PACKAGE}）。`);
  }
  const font = readFileSync(path);
  fontCache.set(path, font);
  return font;
}

const PAGE = { width: 595.28, height: 841.89, margin: 50 } as const;
const WIDTH = PAGE.width - 2 * PAGE.margin;
const SEX: Record<string, string> = { male: '男', female: '女' };

function chineseDate(date: IsoDate | null): string {
  if (!date) return '—';
  const { year, month, day } = parseIsoDate(date);
  return `${year}年${month}月${day}日`;
}

const levelText = (l: AbilityLevel | null) => (l === null ? '—' : `${l}级 ${ABILITY_LEVEL_NAMES[l]}`);

export interface ReportOptions {
  fontPath?: string;
  /** Who holds the report (issuing body), printed under the title. */
  issuer?: string;
  now?: Date;
}

export function assessmentReportTitle(a: AssessmentDetail): string {
  return `老年人能力评估报告-${a.personName}-${a.assessedOn}`;
}

export async function renderAssessmentReportPdf(a: AssessmentDetail, options: ReportOptions = {}): Promise<Buffer> {
  const font = loadFont(options.fontPath ?? ASSESSMENT_FONT_PATH);
  const doc = new PDFDocument({
    size: 'A4', margin: PAGE.margin, bufferPages: true, lang: 'zh-CN', displayTitle: true,
    info: { Title: assessmentReportTitle(a), Author: options.issuer ?? '民政部门', Subject: 'GB/T 42195-2022 老年人能力评估', Creator: '民政综合业务信息平台', CreationDate: options.now ?? new Date() },
  });
  const chunks: Buffer[] = [];
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font);
  doc.font('cjk');

  doc.fontSize(18).text('老年人能力评估报告', { align: 'center' });
  doc.moveDown(0.2).fontSize(9).fillColor('#555555').text('依据 GB/T 42195-2022《老年人能力评估规范》', { align: 'center' }).fillColor('black');
  if (a.status === 'voided') {
    doc.moveDown(0.3).fontSize(11).fillColor('#b00000')
      .text(`本评估已作废（${a.voidedByName ?? ''}，${a.voidedAt ? a.voidedAt.slice(0, 10) : ''}）：${a.voidReason ?? ''}`, { align: 'center' }).fillColor('black');
  }
  doc.moveDown(0.8);

  // ---- 基本信息: a two-column grid of label/value pairs ----
  const info: [string, string][] = [
    ['姓名', a.personName], ['性别', a.sex ? SEX[a.sex] ?? a.sex : '—'],
    ['身份证号', a.idMasked], ['评估时年龄', a.ageOnAssessment === null ? '—' : `${a.ageOnAssessment} 周岁`],
    ['所在地', a.regionName ?? a.regionCode], ['评估日期', chineseDate(a.assessedOn)],
    ['评估原因', a.reasonName], ['评估地点', a.place ?? '—'],
  ];
  grid(doc, info);

  // ---- items by dimension ----
  const colName = 120;
  const colScore = 70;
  const colOption = WIDTH - colName - colScore;
  DIMENSIONS.forEach((d, di) => {
    const ds = a.dimensionScores?.find((x) => x.code === d.code);
    ensureSpace(doc, 60);
    doc.moveDown(0.6).fontSize(12).text(`${'一二三四'[di]}、${d.name}（得分 ${ds ? ds.score : '—'} / ${d.max}）`, PAGE.margin);
    doc.moveDown(0.2);
    row(doc, ['评估项目', '评定结果', '得分'], [colName, colOption, colScore], true);
    for (const item of ASSESSMENT_ITEMS.filter((i) => i.dimension === d.code)) {
      const score = a.answers[item.code];
      row(doc, [item.name, score === undefined ? '未评定' : optionText(item.code, score) ?? '—', score === undefined ? '—' : `${score} / ${item.max}`], [colName, colOption, colScore]);
    }
  });

  // ---- result ----
  ensureSpace(doc, 200);
  doc.moveDown(0.8).fontSize(12).text('评估结果', PAGE.margin);
  doc.moveDown(0.2);
  const result: [string, string][] = [
    ['总分', a.totalScore === null ? '—' : `${a.totalScore} / 90`], ['初步等级', levelText(a.preliminaryLevel)],
    ['最终等级', levelText(a.finalLevel)], ['下次评估日期', chineseDate(a.nextDueOn)],
  ];
  grid(doc, result);
  doc.moveDown(0.4).fontSize(10).text('能力等级变更依据：', PAGE.margin);
  if (a.changeReasons.length === 0) doc.text('无（最终等级即初步等级）', PAGE.margin + 16, undefined, { width: WIDTH - 16 });
  a.changeReasons.forEach((r, i) => doc.text(`${i + 1}. ${r.text}`, PAGE.margin + 16, undefined, { width: WIDTH - 16 }));
  if (a.diagnoses.length) {
    doc.moveDown(0.3).text(`疾病诊断：${a.diagnoses.map((d) => (d.name ? `${d.code} ${d.name}` : d.code)).join('；')}`, PAGE.margin, undefined, { width: WIDTH });
  }
  if (a.riskEvents.length) {
    doc.moveDown(0.3).text(`照护风险事件：${a.riskEvents.map((e) => `${e.date} ${e.kindName}`).join('；')}`, PAGE.margin, undefined, { width: WIDTH });
  }

  // ---- assessors and signatures ----
  ensureSpace(doc, 170);
  doc.moveDown(0.8).fontSize(12).text('评估人员', PAGE.margin);
  doc.moveDown(0.3).fontSize(10);
  a.assessors.forEach((x, i) => {
    const y = doc.y;
    doc.text(`评估员${i + 1}：${x.name ?? ''}（证书编号 ${x.certNo ?? ''}）`, PAGE.margin, y, { width: WIDTH / 2 });
    doc.text('签名：____________', PAGE.margin + WIDTH / 2, y, { width: WIDTH / 4 });
    doc.text('日期：__________', PAGE.margin + (WIDTH * 3) / 4, y, { width: WIDTH / 4 });
    doc.moveDown(1);
  });
  const y = doc.y + 6;
  doc.text('被评估人或其代理人签名：____________', PAGE.margin, y, { width: WIDTH / 2 });
  doc.text('日期：__________', PAGE.margin + (WIDTH * 3) / 4, y, { width: WIDTH / 4 });
  doc.moveDown(2);
  doc.text('评估机构（盖章）', PAGE.margin + WIDTH / 2, undefined, { width: WIDTH / 2, align: 'right' });
  if (a.completedByName) doc.fontSize(8).fillColor('#555555').text(`系统确认：${a.completedByName}`, PAGE.margin, undefined, { width: WIDTH, align: 'right' }).fillColor('black');

  // Page numbers once the count is known.
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(9).fillColor('#555555').text(`${a.personName} 老年人能力评估报告  第 ${i - start + 1} 页 共 ${count} 页`, PAGE.margin, PAGE.height - PAGE.margin / 2 - 6, { width: WIDTH, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
    doc.fillColor('black');
  }
  doc.end();
  return bytes;
}

function ensureSpace(doc: PDFKit.PDFDocument, needed: number) {
  if (doc.y + needed > PAGE.height - PAGE.margin) doc.addPage();
}

/** Label/value pairs, two pairs a line. */
function grid(doc: PDFKit.PDFDocument, pairs: [string, string][]) {
  doc.fontSize(10);
  for (let i = 0; i < pairs.length; i += 2) {
    const y = doc.y;
    let lowest = y;
    pairs.slice(i, i + 2).forEach(([label, value], k) => {
      doc.text(`${label}：${value}`, PAGE.margin + k * (WIDTH / 2), y, { width: WIDTH / 2 - 8 });
      lowest = Math.max(lowest, doc.y);
    });
    doc.y = lowest + 2;
  }
}

/** One bordered table row; cells wrap, the row is as tall as its tallest cell. */
function row(doc: PDFKit.PDFDocument, cells: string[], widths: number[], header = false) {
  doc.fontSize(header ? 10 : 9.5);
  const pad = 4;
  const heights = cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 2 * pad }));
  const h = Math.max(...heights) + 2 * pad;
  if (doc.y + h > PAGE.height - PAGE.margin) doc.addPage();
  const top = doc.y;
  let x = PAGE.margin;
  if (header) doc.save().rect(PAGE.margin, top, WIDTH, h).fill('#eeeeee').restore();
  cells.forEach((c, i) => {
    doc.save().lineWidth(0.5).strokeColor('#888888').rect(x, top, widths[i]!, h).stroke().restore();
    doc.fillColor('black').text(c, x + pad, top + pad, { width: widths[i]! - 2 * pad, align: i === cells.length - 1 ? 'center' : 'left' });
    x += widths[i]!;
  });
  doc.x = PAGE.margin;
  doc.y = top + h;
}
