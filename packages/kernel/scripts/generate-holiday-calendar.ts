/**
 * Regenerates packages/kernel/src/holiday-calendar.data.ts from the
 * `chinese-days` devDependency (which transcribes the yearly 国务院办公厅
 * 《关于YYYY年部分节假日安排的通知》).
 *
 *   npx tsx packages/kernel/scripts/generate-holiday-calendar.ts
 *
 * Typical use: a new notice comes out (usually in November), `npm update
 * chinese-days -w packages/kernel` once the package has it, run this script,
 * check the diff against the notice, run the kernel tests.
 *
 * Years that the package does not have (for example a year entered by hand
 * from the notice before the package caught up) are kept from the existing
 * data file, so regeneration never drops hand-maintained years.
 *
 * The runtime never imports chinese-days: the generated file is committed.
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { HolidayPeriod, HolidayYear } from '../src/holiday-calendar.ts';

/** The platform has no business before this year; older years only bloat the table. */
const FIRST_YEAR = 2015;

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, '..', 'src', 'holiday-calendar.data.ts');

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const require = createRequire(import.meta.url);
const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
const packageVersion = (require('chinese-days/package.json') as { version: string }).version;

/** chinese-days uses short names; the notices use these. */
const OFFICIAL_NAMES: Record<string, string> = {
  元旦: '元旦',
  春节: '春节',
  清明: '清明节',
  劳动节: '劳动节',
  端午: '端午节',
  中秋: '中秋节',
  国庆节: '国庆节',
  中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日: '中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日',
};

function officialName(value: string): string {
  // Values look like "Spring Festival,春节,4".
  const short = value.split(',')[1];
  const name = OFFICIAL_NAMES[short];
  if (!name) throw new Error(`Unknown holiday name in chinese-days: ${value}`);
  return name;
}

const DAY = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;
const dateOf = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);
const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

interface Run {
  from: string;
  to: string;
  names: string[];
}

/**
 * Consecutive holiday dates form one period, so 2023's 中秋 09-29 and 国庆
 * 09-30..10-06 become "中秋节、国庆节" as in the notice. Two runs of the same
 * holiday separated only by an ordinary weekend are one period too
 * (2015 端午: 06-20 and 06-22 with Sunday in between).
 */
function holidayRuns(): Run[] {
  const dates = Object.keys(data.holidays).sort();
  const runs: Run[] = [];
  for (const date of dates) {
    const name = officialName(data.holidays[date]);
    const last = runs[runs.length - 1];
    if (last && dayNumber(date) - dayNumber(last.to) === 1) {
      last.to = date;
      if (!last.names.includes(name)) last.names.push(name);
      continue;
    }
    if (last && last.names.includes(name)) {
      const gap: string[] = [];
      for (let n = dayNumber(last.to) + 1; n < dayNumber(date); n += 1) gap.push(dateOf(n));
      if (gap.every((day) => isWeekend(day) && !(day in data.workdays))) {
        last.to = date;
        continue;
      }
    }
    runs.push({ from: date, to: date, names: [name] });
  }
  return runs;
}

/** A late-December date belongs to the next year's notice (its 元旦 arrangement). */
function noticeYearOfRun(run: Run): number {
  return Number(run.to.slice(0, 4));
}

function noticeYearOfWorkday(date: string): number {
  const year = Number(date.slice(0, 4));
  return officialName(data.workdays[date]) === '元旦' && date.slice(5, 7) === '12' ? year + 1 : year;
}

function buildFromPackage(): HolidayYear[] {
  const byYear = new Map<number, { holidays: HolidayPeriod[]; makeupWorkdays: string[] }>();
  const entry = (year: number) => {
    let value = byYear.get(year);
    if (!value) {
      value = { holidays: [], makeupWorkdays: [] };
      byYear.set(year, value);
    }
    return value;
  };
  for (const run of holidayRuns()) {
    const year = noticeYearOfRun(run);
    if (year >= FIRST_YEAR) entry(year).holidays.push({ name: run.names.join('、'), from: run.from, to: run.to });
  }
  for (const date of Object.keys(data.workdays).sort()) {
    const year = noticeYearOfWorkday(date);
    if (year >= FIRST_YEAR) entry(year).makeupWorkdays.push(date);
  }
  return [...byYear.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, value]) => ({ year, holidays: value.holidays, makeupWorkdays: value.makeupWorkdays }));
}

async function existingYears(): Promise<readonly HolidayYear[]> {
  try {
    const module = (await import('../src/holiday-calendar.data.ts')) as { HOLIDAY_CALENDAR_DATA: readonly HolidayYear[] };
    return module.HOLIDAY_CALENDAR_DATA;
  } catch {
    return [];
  }
}

/** Single-quoted TS string literal, matching the repo's style. */
function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function render(years: readonly HolidayYear[]): string {
  const lines: string[] = [];
  lines.push('/**');
  lines.push(' * Official PRC public holidays and 调休 make-up working days, one entry per');
  lines.push(' * 国务院办公厅《关于YYYY年部分节假日安排的通知》.');
  lines.push(' *');
  lines.push(` * Generated by packages/kernel/scripts/generate-holiday-calendar.ts from chinese-days@${packageVersion}.`);
  lines.push(' * It is plain data on purpose: when the next notice is published, add the');
  lines.push(" * year by hand (copy a block, type the notice's dates) or regenerate once");
  lines.push(' * chinese-days has it. Hand-added years the package lacks survive regeneration.');
  lines.push(' *');
  lines.push(' * - `holidays`: periods off work as the notice lists them (weekend days inside');
  lines.push(' *   a period are included; weekends merely adjoining it may not be).');
  lines.push(' * - `makeupWorkdays`: weekend dates that are working days (调休上班).');
  lines.push(" * - A period may start in December of the previous year (元旦), and it then");
  lines.push(" *   belongs to the later year's notice, as the notice itself does.");
  lines.push(' * holiday-calendar.ts checks this table for consistency when it loads.');
  lines.push(' */');
  lines.push("import type { HolidayYear } from './holiday-calendar.ts';");
  lines.push('');
  lines.push('export const HOLIDAY_CALENDAR_DATA: readonly HolidayYear[] = [');
  for (const year of years) {
    lines.push('  {');
    lines.push(`    year: ${year.year},`);
    if (year.note) lines.push(`    note: ${quote(year.note)},`);
    lines.push('    holidays: [');
    for (const period of year.holidays) {
      lines.push(`      { name: ${quote(period.name)}, from: ${quote(period.from)}, to: ${quote(period.to)} },`);
    }
    lines.push('    ],');
    lines.push(`    makeupWorkdays: [${year.makeupWorkdays.map(quote).join(', ')}],`);
    lines.push('  },');
  }
  lines.push('];');
  lines.push('');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const generated = buildFromPackage();
  const generatedYears = new Set(generated.map((year) => year.year));
  const existing = await existingYears();
  // Notes are written by hand (e.g. the notice number); carry them over.
  for (const year of generated) {
    const note = existing.find((old) => old.year === year.year)?.note;
    if (note) year.note = note;
  }
  const kept = existing.filter((year) => !generatedYears.has(year.year));
  for (const year of kept) console.warn(`keeping hand-maintained year ${year.year} (not in chinese-days@${packageVersion})`);
  const all = [...generated, ...kept].sort((a, b) => a.year - b.year);
  writeFileSync(target, render(all));
  console.log(`wrote ${target}: years ${all.map((year) => year.year).join(', ')}`);
}

await main();
