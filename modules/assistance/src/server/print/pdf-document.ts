/**
 * What the assistance documents share: the CJK font, an A4 pdfkit document with metadata, the
 * page-number footer and Chinese date wording.
 *
 * pdfkit subsets the TrueType font itself, so a one-page notice stays around 10–30 kB although the
 * font file is about 15 MB. pdf-lib was not used: with a CJK font its subsetting drops glyphs.
 */
import { existsSync, readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { parseIsoDate, parseYearMonth, type IsoDate, type YearMonth } from '@mz/kernel';

/** LXGW WenKai from the Debian package: a plain TTF with CJK and Latin glyphs (digits included). */
export const CJK_FONT_PATH = '/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf';
export const CJK_FONT_PACKAGE = 'fonts-lxgw-wenkai';

export interface PdfRenderOptions {
  /** Another TTF with CJK and Latin glyphs, for hosts without the Debian package. */
  fontPath?: string;
  /** The document's creation date in its metadata; the moment of rendering by default. */
  now?: Date;
}

export type Pdf = PDFKit.PDFDocument;

/** A4 in points, and the margins every document uses (about 2 cm, what paper forms leave for binding). */
export const PAGE = { width: 595.28, height: 841.89, margin: 56 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;

// The font file is read once per process: every notice needs it, and re-reading 15 MB per request
// would cost more than the rendering itself.
const fontCache = new Map<string, Buffer>();

export function loadCjkFont(path = CJK_FONT_PATH): Buffer {
  const cached = fontCache.get(path);
  if (cached) return cached;
  if (!existsSync(path)) {
    throw new Error(
      `生成 PDF 所需的中文字体不存在：${path}。请安装 Debian 软件包 ${CJK_FONT_PACKAGE}（apt-get install ${CJK_FONT_PACKAGE}）。`,
    );
  }
  const font = readFileSync(path);
  fontCache.set(path, font);
  return font;
}

export interface DocumentMeta {
  title: string;
  author: string;
  subject?: string;
}

/**
 * Starts a document and returns it with a promise of its bytes. Pages are buffered so the footer
 * ("第 1 页 共 3 页") can be written once the page count is known.
 */
export function startDocument(meta: DocumentMeta, options: PdfRenderOptions = {}): { doc: Pdf; bytes: Promise<Buffer> } {
  const font = loadCjkFont(options.fontPath);
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    bufferPages: true,
    lang: 'zh-CN',
    // Viewers show the title instead of a file name like "notice (3).pdf".
    displayTitle: true,
    info: {
      Title: meta.title,
      Author: meta.author,
      ...(meta.subject ? { Subject: meta.subject } : {}),
      Creator: '民政综合业务信息平台',
      CreationDate: options.now ?? new Date(),
    },
  });
  const chunks: Buffer[] = [];
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font);
  doc.font('cjk');
  return { doc, bytes };
}

/** Writes "第 i 页 共 n 页" at the foot of every page, then closes the document. */
export function finishDocument(doc: Pdf): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Text inside the bottom margin would make pdfkit open a new page; lift the margin while writing.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(9).fillColor('#555555').text(`第 ${i - start + 1} 页 共 ${count} 页`, PAGE.margin, PAGE.height - PAGE.margin / 2 - 6, {
      width: CONTENT_WIDTH,
      align: 'center',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
    doc.fillColor('black');
  }
  doc.end();
}

/** '2026-03-05' → '2026年3月5日', the way dates are written on official documents. */
export function chineseDate(date: IsoDate): string {
  const { year, month, day } = parseIsoDate(date);
  return `${year}年${month}月${day}日`;
}

/** '2026-04' → '2026年4月'. */
export function chineseMonth(yearMonth: YearMonth): string {
  const { year, month } = parseYearMonth(yearMonth);
  return `${year}年${month}月`;
}

/**
 * The seal placeholder: a dashed circle where the issuing body stamps the printed copy. Printed
 * notices are only valid with the seal; the PDF never carries an image of one.
 */
export function drawSealPlaceholder(doc: Pdf, centerX: number, centerY: number, radius = 42): void {
  doc.save().lineWidth(0.8).strokeColor('#999999').dash(3, { space: 3 }).circle(centerX, centerY, radius).stroke().undash().restore();
  // The label sits in the top of the circle, clear of the issuer and date the seal is pressed over.
  doc.fontSize(9).fillColor('#999999').text('（盖章）', centerX - radius, centerY - radius + 8, { width: radius * 2, align: 'center', lineBreak: false });
  doc.fillColor('black');
}
