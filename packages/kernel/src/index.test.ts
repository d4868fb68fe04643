import { describe, expect, it } from 'vitest';
import * as kernel from './index.ts';

describe('@mz/kernel public surface', () => {
  // Other packages import only from the index; a missing re-export would break them at runtime.
  it.each([
    'DomainError', 'notFound', 'forbidden', 'conflict', 'invalid', 'unauthorized', 'isDomainError',
    'yuanToFen', 'fenToYuanString', 'formatFen', 'sumFen', 'multiplyFen', 'percentOf', 'allocateFen',
    'normalizeRegionCode', 'regionLevel', 'significantPrefix', 'parentCode', 'ancestorCodes', 'isWithin',
    'subtreeRange', 'isValidRegionCode',
    'parseIdNumber', 'computeIdCheckChar', 'maskIdNumber', 'maskPhone', 'maskBankAccount', 'ageOn',
    'parseCreditCode', 'computeCreditCodeCheckChar',
    'isWorkingDay', 'holidayName', 'addWorkingDays', 'workingDaysBetween', 'nextWorkingDay', 'coveredYears',
    'periodEnd', 'calendarDaysAfter', 'deadlineFromHours',
    'todayInShanghai', 'parseIsoDate', 'addCalendarDays', 'addMonths', 'nextMonthOf',
  ])('exports %s', (name) => {
    expect(typeof (kernel as Record<string, unknown>)[name]).toBe('function');
  });

  it('exports the data constants', () => {
    expect(kernel.LEVEL_NAMES[4]).toBe('乡镇（街道）');
    expect(kernel.CREDIT_CODE_CHARSET).toHaveLength(31);
    expect(kernel.HOLIDAY_CALENDAR.length).toBe(kernel.coveredYears().length);
  });

  it('pieces work together: E10 clock and first benefit month from one acceptance date', () => {
    const accepted = '2025-03-31';
    const decisionDue = kernel.addWorkingDays(accepted, 30);
    expect(decisionDue).toBe('2025-05-15'); // 清明 04-04 and 劳动节 05-01..05 are skipped, 调休 Sun 04-27 counts
    expect(kernel.nextMonthOf(accepted)).toBe('2025-04');
    expect(kernel.nextMonthOf(decisionDue)).toBe('2025-06');
  });
});
