import type { Browser, Locator, Page } from 'playwright-core';
import { TEST_PASSWORD } from '@mz/testing';

// Steps shared by the case journeys: each official signs in through the login page in a browser
// context of their own, and takes a case step through its dialog on the case page.

/** Antd spaces out a two-character button label ("受 理"); match the label whatever the spacing. */
export const button = (name: string) => new RegExp(`^\\s*${[...name].join('\\s*')}\\s*$`);

export interface SignInOptions {
  /**
   * Run the browser in Beijing time, as officials' browsers are: date pickers default to the
   * browser's local day, which on a UTC machine is the day before between 00:00 and 08:00 Beijing time.
   */
  beijingTime?: boolean;
  /** Also collect console errors (a failed request the page did not expect shows up there). */
  consoleErrors?: boolean;
}

/** An official signed in through the login page; page errors are collected in `errors`. */
export async function signInAs(browser: Browser, base: string, username: string, errors: string[], options: SignInOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1600, height: 1000 },
    ...(options.beijingTime ? { timezoneId: 'Asia/Shanghai', locale: 'zh-CN' } : {}),
  });
  // Playwright's 30 s default for a wait is too short when the whole suite runs on two CPUs beside
  // other browser journeys and database suites; each test's own time limit still bounds the journey.
  context.setDefaultTimeout(90_000);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${username}: ${e.message}`));
  await page.goto(`${base}/login`);
  await page.fill('#username', username);
  await page.fill('#password', TEST_PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByTestId('current-user').waitFor();
  // From here on: the login page's own 401 (no session yet) is expected and not an error.
  if (options.consoleErrors) page.on('console', (m) => { if (m.type() === 'error') errors.push(`${username} console: ${m.text()}`); });
  return page;
}

/** Chooses an option of an antd select, typing `search` first for the pickers that query the registry. */
export async function pick(page: Page, selectId: string, option: string | RegExp, search?: string): Promise<void> {
  await page.click(`#${selectId}`);
  if (search) await page.keyboard.type(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

/** Clicks a step on the case page, lets `fill` complete its dialog, submits and waits for the confirmation. */
/**
 * Waits until no antd motion (a dialog zooming in, a popover fading in) is running. A click on a
 * dialog's star or button while it is still animating in is lost on a loaded machine: the rating
 * stays unset, the submit never happens. Bounded, because a page may keep a motion class.
 */
export async function motionSettled(page: Page): Promise<void> {
  await page.waitForFunction(`!document.querySelector('.ant-modal[class*="-zoom-appear"], .ant-modal[class*="-zoom-enter"], .ant-popover[class*="-zoom-big-appear"], .ant-popover[class*="-zoom-big-enter"]')`,
    undefined, { timeout: 5_000 })
    .catch(() => undefined);
}

/**
 * Clicks a dialog's (or popconfirm's) submit button until its outcome shows. On a loaded two-CPU
 * machine a click sometimes lands while antd is still animating the dialog in and is lost: no
 * request is sent and the dialog just stays open (seen in CI with nothing pending on the server).
 * So the click is repeated, but only while the dialog is still open and its button is not busy
 * with a request already sent — a submission is never sent twice.
 */
export async function submitUntil(page: Page, target: Locator, outcome: Locator, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await motionSettled(page);
    await target.click();
    try {
      await outcome.first().waitFor({ timeout: attempt < attempts ? 20_000 : 90_000 });
      return;
    } catch (err) {
      const stillOpen = await target.isVisible().catch(() => false);
      const busy = stillOpen && (await target.evaluate((b) => b.classList.contains('ant-btn-loading')).catch(() => true));
      if (attempt >= attempts || !stillOpen || busy) {
        // Sent, or gone: wait the step out rather than send it again.
        if (attempt < attempts) { await outcome.first().waitFor(); return; }
        throw err;
      }
    }
  }
}

/**
 * Clicks the button that opens `dialog` until it is open. A click that lands while the page is
 * re-rendering after the previous step is sometimes lost on a loaded machine; opening a dialog
 * twice is harmless, so the click is simply repeated.
 */
export async function openDialog(opener: Locator, dialog: Locator, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await opener.click();
    try {
      await dialog.waitFor({ timeout: attempt < attempts ? 20_000 : 90_000 });
      return;
    } catch (err) {
      if (attempt >= attempts || (await dialog.isVisible().catch(() => false))) throw err;
    }
  }
}

export async function act(page: Page, name: string, fill?: (dialog: Locator) => Promise<void>): Promise<void> {
  const dialog = page.getByRole('dialog').filter({ hasText: name });
  await openDialog(page.getByTestId('case-actions').getByRole('button', { name: button(name) }), dialog);
  await motionSettled(page);
  if (fill) await fill(dialog);
  await submitUntil(page, dialog.getByRole('button', { name: button(name) }), page.getByText(`已办理「${name}」`));
  await dialog.waitFor({ state: 'hidden' });
}
