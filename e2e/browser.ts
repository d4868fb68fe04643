import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.MZ_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Browser journeys need Debian's chromium. Locally they are skipped when it is missing; CI sets
 * MZ_REQUIRE_BROWSER=1 so a missing browser fails instead of silently skipping.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.MZ_REQUIRE_BROWSER === '1') throw new Error(`浏览器测试需要 ${CHROMIUM}（apt-get install chromium）`);
  return false;
}

/** Browsers this test file launched, so a failing journey can show where each page stood. */
const launched = new Set<Browser>();

export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The machine's network is closed: without these Chromium keeps trying to reach Google.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  launched.add(browser);
  browser.on('disconnected', () => launched.delete(browser));
  return browser;
}

/**
 * Every open page's address and the start of its visible text: printed when a journey fails, so a
 * step that waited in vain (on a loaded CI machine) says which page and state it waited on.
 */
export async function describeOpenPages(): Promise<string> {
  const lines: string[] = [];
  for (const browser of launched) {
    for (const context of browser.contexts()) {
      for (const page of context.pages()) {
        const text = await page.locator('body').innerText({ timeout: 2_000 }).catch(() => '(无法读取页面内容)');
        lines.push(`── ${page.url()}\n${text.replace(/\n{2,}/g, '\n').slice(0, 1_500)}`);
      }
    }
  }
  return lines.join('\n');
}
