/**
 * Money is held as integer 分 (fen). Benefit amounts are summed, multiplied by
 * ratios and split across household members; doing that in binary floating point
 * yields 0.30000000000000004-style drift that shows up on payment rolls.
 * So: integers at rest, BigInt for any multiplication/division, explicit rounding.
 */
import { invalid } from './domain-error.ts';

/** An amount in 分. Always a safe integer; may be negative (refunds, recoveries). */
export type Fen = number;

/**
 * Names follow java.math.RoundingMode because finance staff and DB code already
 * know them. "half-up" is 四舍五入 with ties away from zero (−2.5 → −3), which is
 * what people expect for negative adjustments too.
 */
export type RoundingMode = 'half-up' | 'half-even' | 'down' | 'up';

const ROUNDING_MODES: readonly RoundingMode[] = ['half-up', 'half-even', 'down', 'up'];

export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function assertFen(value: unknown, label = '金额'): Fen {
  if (!isFen(value)) {
    throw invalid(`${label}必须是以分为单位的整数`, undefined, `收到 ${String(value)}`);
  }
  return value;
}

function toSafeFen(value: bigint, what: string): Fen {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw invalid('金额超出可安全处理的范围', undefined, what);
  }
  return Number(value);
}

const YUAN_PATTERN = /^([+-]?)(\d+)(?:\.(\d{1,2}))?$/;

/**
 * "600" → 60000, "600.5" → 60050, "-12.34" → -1234.
 * Strings are parsed digit by digit (never through a float). A number input is
 * converted via its shortest decimal form, so 0.1 + 0.2 is rejected for having
 * more than two decimals instead of being silently rounded.
 */
export function yuanToFen(input: string | number): Fen {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw invalid('金额格式不正确', undefined, `收到 ${String(input)}`);
    text = String(input);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    throw invalid('金额格式不正确', undefined, `收到 ${String(input)}`);
  }
  const match = YUAN_PATTERN.exec(text);
  if (!match) {
    throw invalid('金额格式不正确，应为最多两位小数的元金额', undefined, `收到 "${text}"`);
  }
  const [, sign, whole, fraction = ''] = match;
  const magnitude = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  const fen = toSafeFen(sign === '-' ? -magnitude : magnitude, text);
  // Avoid handing out -0, which prints as "0" but fails Object.is checks.
  return fen === 0 ? 0 : fen;
}

/** 60000 → "600.00", -5 → "-0.05". Plain, for storage/export (no grouping, no symbol). */
export function fenToYuanString(fen: Fen): string {
  assertFen(fen);
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${negative ? '-' : ''}${yuan}.${cents}`;
}

/** 123456 → "¥1,234.56", -1200 → "-¥12.00". For display only. */
export function formatFen(fen: Fen): string {
  const plain = fenToYuanString(fen);
  const negative = plain.startsWith('-');
  const [whole, cents] = (negative ? plain.slice(1) : plain).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}¥${grouped}.${cents}`;
}

export function sumFen(values: readonly Fen[]): Fen {
  let total = 0n;
  values.forEach((value, index) => {
    assertFen(value, `第${index + 1}项金额`);
    total += BigInt(value);
  });
  return toSafeFen(total, '合计');
}

const DECIMAL_PATTERN = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** Parses "1.5" into 15n / 10n without floats. */
function parseDecimal(text: string, label: string): { numerator: bigint; denominator: bigint } {
  const match = DECIMAL_PATTERN.exec(typeof text === 'string' ? text.trim() : '');
  if (!match) throw invalid(`${label}格式不正确，应为十进制数字字符串`, undefined, `收到 "${String(text)}"`);
  const [, sign, whole, fraction = ''] = match;
  const magnitude = BigInt(whole + fraction);
  return { numerator: sign === '-' ? -magnitude : magnitude, denominator: 10n ** BigInt(fraction.length) };
}

/** Integer division of numerator/denominator (denominator > 0) with the given rounding. */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode = 'half-up'): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  if (!ROUNDING_MODES.includes(mode)) throw invalid('不支持的舍入方式', undefined, String(mode));
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const quotient = abs / denominator;
  const remainder = abs % denominator;
  let roundAway: boolean;
  switch (mode) {
    case 'down':
      roundAway = false;
      break;
    case 'up':
      roundAway = remainder !== 0n;
      break;
    case 'half-up':
      roundAway = remainder * 2n >= denominator;
      break;
    case 'half-even':
      roundAway = remainder * 2n > denominator || (remainder * 2n === denominator && quotient % 2n === 1n);
      break;
  }
  const magnitude = roundAway ? quotient + 1n : quotient;
  return negative ? -magnitude : magnitude;
}

/**
 * fen × ratio, e.g. a 1.5× category supplement or a 0.3333 share.
 * The ratio is a decimal string so the caller's exact value is used.
 */
export function multiplyFen(fen: Fen, ratio: string, mode: RoundingMode = 'half-up'): Fen {
  assertFen(fen);
  const { numerator, denominator } = parseDecimal(ratio, '比例');
  return toSafeFen(divideRounded(BigInt(fen) * numerator, denominator, mode), `${fen} × ${ratio}`);
}

/**
 * part / whole as a percentage string with `digits` decimals, rounded half-up,
 * e.g. percentOf(1, 3) → "33.33". Exact, so statistics tables add up the way
 * the published rule says rather than the way floats happen to round.
 */
export function percentOf(part: number, whole: number, digits = 2): string {
  if (!Number.isSafeInteger(part) || !Number.isSafeInteger(whole)) {
    throw invalid('计算百分比的数值必须是整数', undefined, `${part} / ${whole}`);
  }
  if (whole === 0) throw invalid('计算百分比时分母不能为0');
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw invalid('百分比小数位数应为0到20的整数', undefined, String(digits));
  }
  let numerator = BigInt(part) * 100n * 10n ** BigInt(digits);
  let denominator = BigInt(whole);
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const scaled = divideRounded(numerator, denominator, 'half-up');
  const negative = scaled < 0n;
  const text = (negative ? -scaled : scaled).toString().padStart(digits + 1, '0');
  const body = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return negative ? `-${body}` : body;
}

/**
 * Splits `total` in proportion to integer `weights` so the parts add up to
 * exactly `total` (largest-remainder method): everyone first gets the floor of
 * their share, then the leftover fen go one each to the largest remainders;
 * ties go to the earlier position so results are reproducible.
 * A negative total is split like its absolute value and negated.
 */
export function allocateFen(total: Fen, weights: readonly number[]): Fen[] {
  assertFen(total, '待分配金额');
  if (weights.length === 0) throw invalid('分配权重不能为空');
  weights.forEach((weight, index) => {
    if (!Number.isSafeInteger(weight) || weight < 0) {
      throw invalid('分配权重必须是非负整数', [{ path: `weights[${index}]`, message: `收到 ${String(weight)}` }]);
    }
  });
  const weightSum = weights.reduce((sum, weight) => sum + BigInt(weight), 0n);
  if (weightSum === 0n) throw invalid('分配权重之和必须大于0');

  const sign = total < 0 ? -1n : 1n;
  const amount = BigInt(total) * sign;
  const shares = weights.map((weight) => (amount * BigInt(weight)) / weightSum);
  const remainders = weights.map((weight) => (amount * BigInt(weight)) % weightSum);
  let leftover = amount - shares.reduce((sum, share) => sum + share, 0n);

  const order = weights
    .map((_, index) => index)
    .sort((a, b) => (remainders[b] > remainders[a] ? 1 : remainders[b] < remainders[a] ? -1 : a - b));
  for (const index of order) {
    if (leftover === 0n) break;
    shares[index] += 1n;
    leftover -= 1n;
  }
  return shares.map((share) => {
    const fen = Number(share * sign);
    return fen === 0 ? 0 : fen;
  });
}
