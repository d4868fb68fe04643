/**
 * Option lists and look-ups over code tables. The Chinese names themselves are the domain's
 * (`@mz/assistance` labels) and the registry's; this file only arranges them for forms.
 */
import { SEXES } from '@mz/registry';

export const SEX_TEXT: Record<string, string> = SEXES;

/** Antd Select options from a `{ code: label }` table, in the table's order. */
export function optionsOf(table: Readonly<Record<string, string>>) {
  return Object.entries(table).map(([value, label]) => ({ value, label }));
}

export const label = (table: Readonly<Record<string, string>>, code: string | null | undefined): string =>
  code == null ? '—' : (table[code] ?? code);

/**
 * Date pickers show dates as a notice writes them; the ISO form is accepted too, because that is
 * what officials type from other systems.
 */
export const DATE_FORMATS = ['YYYY年M月D日', 'YYYY-MM-DD'];
export const MONTH_FORMATS = ['YYYY年M月', 'YYYY-MM'];
