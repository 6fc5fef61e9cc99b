// Starts Debian's Chromium through playwright-core; the base URL comes from TIENDO_URL.
import { chromium } from 'playwright-core';

export const BASE = process.env.TIENDO_URL ?? 'http://127.0.0.1:3210';

export async function openBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // The embed test frames the server (on loopback) from a page of a public
      // origin; in use both are public, and Chromium's local-network checks would
      // refuse only the test's arrangement.
      '--disable-features=LocalNetworkAccessChecks',
    ],
  });
}

// Opens a page and waits until the wasm bundle has taken over (hydration).
export async function openHydrated(browser, path) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A panic in the wasm bundle is logged before it traps: keep its message.
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(BASE + path);
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30_000 });
  return { page, errors };
}
