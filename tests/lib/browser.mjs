// The browser tests' shared set-up: one headless Debian Chromium per
// test file, screenshots under build/screenshots/, and the server's
// clean exit checked when the file is done.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { assertNoSanitizerReport } from './nutgraf.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// Where screenshots go (made on first launch).
export const SHOTS = path.join(root, 'build', 'screenshots');

// Chromium ($CHROMIUM, else Debian's), with nothing that phones home.
export async function launchBrowser() {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Close the browser, stop the server, and fail on a sanitizer report or
// an unclean exit.
export async function closeBrowserAndServer(browser, server) {
  await browser?.close();
  if (!server) return;
  const { code, log } = await server.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
}

// A datetime-local value ("YYYY-MM-DDTHH:MM:SS") in UTC, the demo site's
// zone, ms from now; without ":00" seconds, as the input writes its
// value back (Playwright's fill refuses a value the input does not echo).
export function utcInputIn(ms) {
  const v = new Date(Date.now() + ms).toISOString().slice(0, 19);
  return v.endsWith(':00') ? v.slice(0, 16) : v;
}
