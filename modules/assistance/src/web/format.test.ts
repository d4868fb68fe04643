import { describe, expect, it } from 'vitest';
import { cnDate, cnDateTime, cnMonth, dueInfo, money, parseYuan } from './format.ts';

describe('money', () => {
  it.each([
    [123456, '¥1,234.56'],
    [0, '¥0.00'],
    [5, '¥0.05'],
    [null, '—'],
    [undefined, '—'],
  ])('%s fen → %s', (fen, text) => expect(money(fen)).toBe(text));
});

describe('parseYuan', () => {
  it.each([
    ['600', 60000],
    ['600.5', 60050],
    [' 12.34 ', 1234],
    ['0', 0],
  ])('%s 元 → %i fen', (text, fen) => expect(parseYuan(text)).toBe(fen));

  it.each(['', '12.345', 'abc', '1e3', '12.'])('%j is not an amount yet', (text) => expect(parseYuan(text)).toBeUndefined());
});

describe('Chinese dates', () => {
  it('writes a date as a notice does', () => {
    expect(cnDate('2026-05-03')).toBe('2026年5月3日');
    expect(cnDate('2026-05-03', true)).toBe('2026年5月3日（星期日）');
    expect(cnDate(null)).toBe('—');
  });

  it('puts an instant on its Beijing calendar day', () => {
    // 16:30 UTC on 2 May is 00:30 on 3 May in Beijing.
    expect(cnDate('2026-05-02T16:30:00Z')).toBe('2026年5月3日');
    expect(cnDateTime('2026-05-02T16:30:00Z')).toBe('2026年5月3日 00:30');
    expect(cnDateTime('2026-05-03T09:05:00+08:00')).toBe('2026年5月3日 09:05');
  });

  it('writes a month', () => {
    expect(cnMonth('2026-06')).toBe('2026年6月');
  });
});

describe('dueInfo (working days to a time limit)', () => {
  it('counts working days, skipping the 劳动节 holiday', () => {
    // Thu 30 Apr 2026 → Fri 8 May: 1–5 May are holidays, 6, 7, 8 May are worked.
    expect(dueInfo('2026-05-08', '2026-04-30')).toEqual({ remaining: 3, overdue: false, text: '剩余 3 个工作日' });
  });

  it('says when today is the day', () => {
    expect(dueInfo('2026-05-08', '2026-05-08')).toMatchObject({ remaining: 0, overdue: false, text: '今日到期' });
    // Due on Sunday, looked at on Friday: no working day left after today.
    expect(dueInfo('2026-05-17', '2026-05-15')).toMatchObject({ remaining: 0, overdue: false, text: '今日为最后一个工作日' });
  });

  it('marks a passed limit as overdue by working days', () => {
    // Due Fri 8 May, seen Tue 12 May: Sat 9 May is a 调休 working day, so three working days late.
    expect(dueInfo('2026-05-08', '2026-05-12')).toEqual({ remaining: -3, overdue: true, text: '已超期 3 个工作日' });
    expect(dueInfo('2026-05-16', '2026-05-17')).toMatchObject({ overdue: true, text: '已超期' });
  });

  it('falls back to calendar days outside the holiday table', () => {
    expect(dueInfo('2040-01-10', '2040-01-05')).toMatchObject({ remaining: 5, text: '剩余 5 天（自然日）' });
  });

  it('has nothing to say without a date', () => {
    expect(dueInfo(null)).toEqual({ remaining: null, overdue: false, text: '—' });
  });
});
