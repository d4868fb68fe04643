import type { RegionLevel } from '@mz/kernel';

/** One file of the published code book, in level order, and the index of its immediate-parent column. */
export interface RegionSourceFile {
  level: RegionLevel;
  text: string;
}

export interface RegionCsv {
  /** `code,name,level,parent_code` lines (no header), ready for COPY … WITH (FORMAT csv). */
  csv: string;
  rows: number;
  /** Codes that appeared again at a lower level (东莞's pseudo-county, 金门县's pseudo-street…). */
  collapsed: string[];
}

/**
 * Turns the five code-book CSVs (code, name, immediate parent, further ancestors…) into rows of
 * the region table: codes padded to 12 digits, the level kept, the parent padded the same way.
 *
 * Cities without counties (东莞 4419, 中山 4420, 儋州 4604) repeat themselves as a pseudo-county
 * (441900), and 金门县 as a pseudo-street and a pseudo-village: padded they are the same code.
 * The first (highest-level) row wins, and children's padded parent codes point at it.
 */
export function buildRegionCsv(files: readonly RegionSourceFile[], within = ''): RegionCsv {
  const seen = new Set<string>();
  const collapsed: string[] = [];
  const out: string[] = [];
  // One anchored regex per line is several times faster than splitting fields in a loop; a line it
  // does not match is refused, so a malformed file cannot slip through.
  const line = /^([0-9]{2,12}),"((?:[^"]|"")+)"(?:,([0-9]*))?[^\n]*$/gm;
  for (const file of [...files].sort((a, b) => a.level - b.level)) {
    const body = file.text.slice(file.text.indexOf('\n') + 1).replace(/\r/g, ''); // drop the header line
    let count = 0;
    for (const m of body.matchAll(line)) {
      count++;
      const code12 = m[1]!.padEnd(12, '0');
      if (!code12.startsWith(within)) continue;
      // Only a village ending in 000 can repeat a street; keeping 620k village codes in a Set
      // would cost more than the whole rest of the transform.
      const mayRepeat = file.level < 5 || code12.endsWith('000');
      if (mayRepeat && seen.has(code12)) { collapsed.push(code12); continue; }
      if (file.level < 5) seen.add(code12);
      const parent12 = file.level === 1 ? '' : (m[3] ?? '').padEnd(12, '0');
      out.push(`${code12},"${m[2]}",${file.level},${parent12}`);
    }
    const lines = body.split('\n').filter((l) => l !== '').length;
    if (count !== lines) throw new Error(`区划数据（第 ${file.level} 级）有 ${lines - count} 行格式不正确`);
  }
  return { csv: out.join('\n') + '\n', rows: out.length, collapsed };
}
