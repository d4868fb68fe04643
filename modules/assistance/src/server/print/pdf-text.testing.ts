/**
 * Test support: reads back the text of a PDF this module wrote, page by page, so tests can check
 * what a reader would copy out of it.
 *
 * Text drawn with an embedded subset font is a list of glyph ids, not characters; only the font's
 * ToUnicode map says which character each id stands for. Decoding through that map proves the
 * characters are really there and copyable (a PDF that merely looks right may not be). This reader
 * understands what pdfkit writes (Flate streams, hex strings in Tj/TJ, bfrange/bfchar maps) and
 * nothing more. `pdftotext` (poppler-utils) is used as a second opinion where it is installed.
 */
import { execFileSync } from 'node:child_process';
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\s*/g;
  let match: RegExpExecArray | null;
  while ((match = header.exec(text))) {
    const start = match.index + match[0].length;
    const objEnd = text.indexOf('endobj', start);
    const streamAt = text.indexOf('stream\n', start);
    if (streamAt < 0 || streamAt > objEnd) {
      objects.set(Number(match[1]), { dict: text.slice(start, objEnd) });
      header.lastIndex = objEnd;
      continue;
    }
    // Compressed data may contain anything, "endobj" included: its end comes from /Length.
    const dict = text.slice(start, streamAt);
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    const raw = pdf.subarray(streamAt + 7, streamAt + 7 + length);
    objects.set(Number(match[1]), { dict, stream: dict.includes('/FlateDecode') ? inflateSync(raw) : raw });
    header.lastIndex = streamAt + 7 + length;
  }
  return objects;
}

function utf16(hex: string): string {
  const codes: number[] = [];
  for (let i = 0; i + 4 <= hex.length; i += 4) codes.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...codes);
}

/** Glyph id → text, from a ToUnicode CMap (bfrange with arrays or a start value, and bfchar). */
function readCMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, rest] of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(\[[^\]]*\]|<[0-9a-f]+>)/gi)) {
      const from = parseInt(lo!, 16);
      const to = parseInt(hi!, 16);
      if (rest!.startsWith('[')) {
        [...rest!.matchAll(/<([0-9a-f]+)>/gi)].forEach((m, i) => map.set(from + i, utf16(m[1]!)));
      } else {
        const base = parseInt(rest!.slice(1, -1), 16);
        for (let g = from; g <= to; g++) map.set(g, String.fromCharCode(base + g - from));
      }
    }
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, glyph, unicode] of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>/gi)) map.set(parseInt(glyph!, 16), utf16(unicode!));
  }
  return map;
}

const ref = (dict: string, key: string) => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1]);

/** The text of each page in drawing order, one line per text object (pdfkit writes one per line or cell). */
export function pdfPageTexts(pdf: Buffer): string[] {
  const objects = readObjects(pdf);
  // Pages in reading order are the /Kids of the page tree (pdfkit writes a flat one).
  const tree = [...objects.values()].find((o) => /\/Type \/Pages\b/.test(o.dict))!;
  const kids = /\/Kids \[([^\]]*)\]/.exec(tree.dict)![1]!;
  const pages = [...kids.matchAll(/(\d+) 0 R/g)].map((m) => objects.get(Number(m[1]))!);
  return pages.map((page) => {
    const resources = objects.get(ref(page.dict, 'Resources'))!.dict;
    const fonts = new Map<string, Map<number, string>>();
    const fontDict = /\/Font <<([\s\S]*?)>>/.exec(resources)?.[1] ?? '';
    for (const [, name, id] of fontDict.matchAll(/\/(\w+) (\d+) 0 R/g)) {
      const toUnicode = ref(objects.get(Number(id))!.dict, 'ToUnicode');
      fonts.set(name!, Number.isNaN(toUnicode) ? new Map() : readCMap(objects.get(toUnicode)!.stream!.toString('latin1')));
    }
    const content = objects.get(ref(page.dict, 'Contents'))!.stream!.toString('latin1');
    const lines: string[] = [];
    let font = new Map<number, string>();
    for (const block of content.matchAll(/BT([\s\S]*?)ET/g)) {
      let line = '';
      for (const [, fontName, shown] of block[1]!.matchAll(/\/(\w+) [\d.]+ Tf|(\[[^\]]*\]\s*TJ|<[0-9a-f]*>\s*Tj)/gi)) {
        if (fontName) font = fonts.get(fontName) ?? new Map();
        else for (const [, hex] of shown!.matchAll(/<([0-9a-f]*)>/gi)) for (let i = 0; i + 4 <= hex!.length; i += 4) line += font.get(parseInt(hex!.slice(i, i + 4), 16)) ?? '\uFFFD';
      }
      lines.push(line);
    }
    return lines.join('\n');
  });
}

/** A literal string as pdfkit writes it: escaped bytes, UTF-16BE with a byte-order mark when not ASCII. */
function literal(raw: string): string {
  const bytes = raw.replace(/\\([nrtbf()\\])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' })[c] ?? c);
  if (!bytes.startsWith('\xfe\xff')) return bytes;
  return Buffer.from(bytes.slice(2), 'latin1').swap16().toString('utf16le');
}

/** The document information dictionary (Title, Author, CreationDate as D:YYYYMMDDHHmmSSZ, …). */
export function pdfInfo(pdf: Buffer): Record<string, string> {
  const objects = readObjects(pdf);
  const info = [...objects.values()].find((o) => o.dict.includes('/Producer'))!;
  const result: Record<string, string> = {};
  for (const [, key, id] of info.dict.matchAll(/\/(\w+) (\d+) 0 R/g)) {
    const value = /^\(([\s\S]*)\)\s*$/.exec(objects.get(Number(id))!.dict.trim() + '\n');
    if (value) result[key!] = literal(value[1]!);
  }
  return result;
}

/** `pdftotext -layout` output, or null when poppler-utils is not installed. */
export function pdftotext(pdfFile: string): string | null {
  try {
    return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdfFile, '-'], { encoding: 'utf8' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
