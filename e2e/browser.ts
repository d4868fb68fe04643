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

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The machine's network is closed: without these Chromium keeps trying to reach Google.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}
