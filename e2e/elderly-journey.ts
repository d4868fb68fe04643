import type { Page } from 'playwright-core';
import { button, submitUntil } from './case-journey.ts';

/**
 * Completes the open 能力评估 form: the two assessors, 完成评估 and its confirmation, then waits for
 * the final level the server computed. The items are answered by the caller (each journey wants its
 * own level).
 */
export async function completeAssessment(page: Page): Promise<string> {
  await page.fill('#assessors_0_name', '王评估');
  await page.fill('#assessors_0_certNo', 'PG-1');
  await page.fill('#assessors_1_name', '李评估');
  await page.fill('#assessors_1_certNo', 'PG-2');
  await page.getByRole('button', { name: button('完成评估') }).click();
  await submitUntil(page, page.getByRole('button', { name: button('确认完成') }), page.getByTestId('final-level'));
  return page.getByTestId('final-level').innerText();
}
