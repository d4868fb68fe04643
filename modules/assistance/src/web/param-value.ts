/**
 * Policy-parameter values between the form and the wire. Officials type money in 元 and ratios as
 * decimals; the API stores fen and decimal strings. Validation is the domain's own
 * (`parseParamValue`), so the page refuses exactly what the server would.
 */
import { DECIDING_LEVELS, paramDef, parseParamValue, type ParamUnit, type ParamValue } from '@mz/assistance';
import { formatFen, yuanToFen } from '@mz/kernel';

export const UNIT_HINTS: Record<ParamUnit, string> = {
  fen: '金额，单位元，最多两位小数',
  ratio: '十进制小数，如 0.3（30%）、1.5（1.5倍）',
  count: '整数',
  days: '整数（天数或工作日数，见参数名称）',
  months: '整数（月数）',
  hours: '整数（小时数）',
  level: '选择审核确认（审批）层级',
};

/** A stored value as the page shows it. */
export function formatParamValue(unit: ParamUnit, value: ParamValue | undefined): string {
  if (value === null || value === undefined) return '未设置';
  switch (unit) {
    case 'fen':
      return typeof value === 'number' ? formatFen(value) : String(value);
    case 'ratio': {
      const n = Number(value);
      // 0.3 reads best as 30%, 1.5 as 1.5 倍: below one a ratio is a share, above it a multiple.
      if (!Number.isFinite(n)) return String(value);
      return n < 1 ? `${value}（${trimPercent(String(value))}%）` : `${value} 倍`;
    }
    case 'count':
      return `${value}`;
    case 'days':
      return `${value} 天`;
    case 'months':
      return `${value} 个月`;
    case 'hours':
      return `${value} 小时`;
    case 'level':
      return DECIDING_LEVELS[value as keyof typeof DECIDING_LEVELS] ?? String(value);
  }
}

/** '0.035' → '3.5' without going through a float (0.035 × 100 = 3.5000000000000004). */
function trimPercent(decimal: string): string {
  const [whole = '0', frac = ''] = decimal.split('.');
  const padded = frac.padEnd(2, '0');
  const intPart = String(Number(whole) * 100 + Number(padded.slice(0, 2)));
  const rest = padded.slice(2).replace(/0+$/, '');
  return rest ? `${intPart}.${rest}` : intPart;
}

export type ParsedInput = { ok: true; value: ParamValue } | { ok: false; message: string };

/**
 * The text typed for a key → the value to send, checked against the key's unit and bounds.
 * An empty input is `null` ("switch the inherited setting off"), which the domain allows only for
 * optional keys.
 */
export function parseParamInput(key: string, text: string | null | undefined): ParsedInput {
  const def = paramDef(key);
  const raw = (text ?? '').trim();
  let candidate: unknown = raw === '' ? null : raw;
  if (def.unit === 'fen' && raw !== '') {
    try {
      candidate = yuanToFen(raw);
    } catch {
      return { ok: false, message: '金额应为最多两位小数的元金额，如 780 或 780.50' };
    }
  }
  try {
    return { ok: true, value: parseParamValue(key, candidate) };
  } catch (error) {
    const message = (error as { errors?: { message: string }[] }).errors?.[0]?.message ?? (error as Error).message;
    return { ok: false, message };
  }
}

/** A stored value back into the form's text (for "copy the current value"). */
export function paramInputText(unit: ParamUnit, value: ParamValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (unit === 'fen' && typeof value === 'number') return formatFen(value).replace(/[¥,]/g, '');
  return String(value);
}
