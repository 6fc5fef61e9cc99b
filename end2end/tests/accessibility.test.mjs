// The pages people open every morning pass axe-core's WCAG 2.1 A and AA
// rules, on a laptop and on a phone, in Vietnamese and in English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BASE, openBrowser } from './browser.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// WCAG 2.1 A and AA, and 2.2's target size (24 px for what a finger taps).
const RULES = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PAGES = [
  '/?date=2021-06-01',
  '/rankings?date=2021-06-01',
  '/p/79?date=2021-06-01',
  '/map?date=2021-06-01',
  '/charts?date=2021-06-01',
  '/briefing?date=2021-06-01',
  '/c/00001?date=2021-06-01',
  '/search?q=ha',
  '/alerts',
  '/rankings?date=2021-06-01&lang=en',
];

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

for (const [name, size] of [['a laptop', { width: 1366, height: 900 }], ['a phone', { width: 390, height: 844 }]]) {
  test(`axe finds no WCAG 2.1 AA (and 2.2 target size) violation on ${name}`, async () => {
    // The page's policy allows only its own scripts; axe is injected by the test.
    const context = await browser.newContext({ viewport: size, bypassCSP: true });
    const page = await context.newPage();
    const found = [];
    for (const path of PAGES) {
      await page.goto(BASE + path);
      await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30_000 });
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(async (tags) => {
        const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
        return r.violations.map((v) => `${v.id} on ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      }, RULES);
      found.push(...violations.map((v) => `${path}: ${v}`));
    }
    assert.deepEqual(found, []);
    await context.close();
  });
}
