// A phone on a weak link (1.6 Mbps down, 750 kbps up, 150 ms, as Lighthouse's
// mobile run and the campaign's remote communes): how soon a page shows its
// text, how soon a click works, and how soon the bundle takes over, in
// Debian's Chromium driven by playwright-core.
// Usage: node weak-link.mjs BASE_URL PATH...
import { chromium } from 'playwright-core';

const [base, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const path of paths) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 150, downloadThroughput: (1.6e6 / 8), uploadThroughput: (750e3 / 8),
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const start = Date.now();
    await page.goto(base + path, { waitUntil: 'commit' });
    await page.waitForSelector('h1');
    const text = Date.now() - start;
    // A click works as soon as a link is on screen: links and forms are plain HTML.
    const link = page.locator('main a[href^="/"]').first();
    await link.waitFor();
    const clickable = Date.now() - start;
    await page.waitForSelector('body[data-navigator]', { timeout: 60_000 });
    const navigator = Date.now() - start;
    await page.waitForSelector('body[data-hydrated="true"]', { timeout: 60_000 });
    const hydrated = Date.now() - start;
    const wasm = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((r) => r.name.endsWith('.wasm')).map((r) => r.transferSize)[0] ?? 0);
    console.log(`${path}: text ${text} ms · a link clickable ${clickable} ms · in-place navigation ${navigator} ms · hydrated ${hydrated} ms · wasm on the wire ${wasm} bytes`);
    await context.close();
  }
} finally {
  await browser.close();
}
