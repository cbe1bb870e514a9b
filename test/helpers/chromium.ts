import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

// Headless Chromium for the browser tests (the profile report, the dashboard, the experiment
// report): Debian's /usr/bin/chromium driven by playwright-core.

export const CHROMIUM = '/usr/bin/chromium';

/** Without the background-networking flags Chromium keeps dialling out on this closed network. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** True when Chromium is not installed and CI is unset (CI must have it: its tests then fail). */
export const chromiumMissing = !existsSync(CHROMIUM) && !process.env.CI;

/** Launches headless Chromium with the settings every browser test uses. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}
