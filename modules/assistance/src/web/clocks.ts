/** How the case page words a statutory clock (the engine's `Clock`): status, margin and due time. */
import type { Clock } from '@mz/workflow';
import type { StatusTone } from '@mz/ui';
import { cnDate, cnDateTime, EMPTY } from './format.ts';

const UNITS: Record<Clock['unit'], string> = { working_days: '个工作日', calendar_days: '天', hours: '小时' };

export function clockAmount(c: Clock): string {
  return c.amount === null ? EMPTY : `${c.amount}${UNITS[c.unit]}`;
}

export function clockStatus(c: Clock): { text: string; tone: StatusTone } {
  if (c.kind === 'period') {
    // A waiting period (公示七日) cannot be late: it runs, then it is over.
    if (c.status === 'not_started') return { text: '未开始', tone: 'default' };
    if (c.status === 'running') return { text: '进行中', tone: 'processing' };
    return { text: '已届满', tone: 'success' };
  }
  switch (c.status) {
    case 'not_started':
      return { text: '未开始', tone: 'default' };
    case 'running':
      return { text: '计时中', tone: 'processing' };
    case 'met':
      return { text: '按时办结', tone: 'success' };
    case 'late':
      return { text: '逾期办结', tone: 'warning' };
    case 'overdue':
      return { text: '已超期', tone: 'error' };
  }
}

/** The margin in words: '剩余 3 个工作日', '已超期 2 个工作日', '提前 5 个工作日办结'. */
export function clockRemaining(c: Clock): string {
  if (c.remaining === null) return c.note ?? EMPTY;
  const unit = UNITS[c.unit];
  const n = Math.abs(c.remaining);
  switch (c.status) {
    case 'running':
      if (c.kind === 'period') return c.remaining > 0 ? `还有 ${n} ${unit}届满` : '今日届满';
      return c.remaining > 0 ? `剩余 ${n} ${unit}` : '今日到期';
    case 'overdue':
      return `已超期 ${n} ${unit}`;
    case 'met':
      if (c.kind === 'period') return '已届满';
      return c.remaining > 0 ? `提前 ${n} ${unit}办结` : '期限当日办结';
    case 'late':
      return `超期 ${n} ${unit}办结`;
    default:
      return EMPTY;
  }
}

/** Due date (day units) or instant (hour units). */
export function clockDue(c: Clock): string {
  if (!c.due) return EMPTY;
  return c.unit === 'hours' ? cnDateTime(c.due) : cnDate(c.due, true);
}
