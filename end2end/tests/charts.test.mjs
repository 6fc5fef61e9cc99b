// Public-affairs staff in a real browser: chart downloads from the overview,
// the chart builder, and the daily briefing on one printed A4 page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openBrowser, openHydrated, BASE } from './browser.mjs';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

// Clicks `link` and returns the file the browser saved: its name and bytes.
async function downloadBy(page, link) {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const bytes = await readFile(await download.path());
  return { name: download.suggestedFilename(), bytes };
}

// Width and height from a PNG's header chunk.
const pngSize = (b) => [b.readUInt32BE(16), b.readUInt32BE(20)];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('the overview chart downloads as a slide-sized PNG with a telling name', async () => {
  const { page, errors } = await openHydrated(browser, '/?date=2021-06-01');
  const menu = page.locator('#chart-cumulative [data-testid="downloads-cumulative"]');
  await menu.locator('summary').click();
  const link = menu.locator('a[data-format="png"][data-preset="slide"]');
  await link.waitFor({ state: 'visible' });
  const { name, bytes } = await downloadBy(page, link);
  assert.equal(name, 'tien-do-thu-nhan-ho-so-toan-quoc-2021-06-01-slide.png');
  assert.ok(bytes.subarray(0, 8).equals(PNG_SIGNATURE), 'a PNG file');
  assert.deepEqual(pngSize(bytes), [1920, 1080]);
  // The menu also leads to the builder with the same chart.
  assert.equal(
    await menu.locator('.to-builder').getAttribute('href'),
    '/charts?chart=cumulative&date=2021-06-01',
  );
  assert.deepEqual(errors, []);
  await page.close();
});

test('the chart builder previews each choice in place and downloads it', async () => {
  const { page, errors } = await openHydrated(browser, '/charts');
  await page.evaluate(() => { window.__sameDocument = true; });
  const preview = page.locator('#preview');
  const srcChanges = async (action) => {
    const old = await preview.getAttribute('src');
    await action();
    await page.waitForFunction((o) => document.querySelector('#preview')?.getAttribute('src') !== o, old);
    return preview.getAttribute('src');
  };
  assert.equal(await preview.getAttribute('src'), '/export/chart/cumulative.svg');

  let src = await srcChanges(() => page.selectOption('#chart', 'daily'));
  assert.equal(src, '/export/chart/daily.svg');
  // Hà Nội: its districts are offered next.
  src = await srcChanges(() => page.selectOption('#province', '01'));
  assert.equal(src, '/export/chart/daily.svg?unit=01');
  await page.locator('#district option[value="271"]').waitFor({ state: 'attached' });
  src = await srcChanges(() => page.locator('input[name="stage"][value="produced"]').check());
  assert.equal(src, '/export/chart/daily.svg?unit=01&stage=applications,produced');
  src = await srcChanges(() => page.selectOption('#preset', 'social'));
  // The note applies when the field is left, not per keystroke.
  src = await srcChanges(async () => { await page.locator('#note').fill('Sơ bộ'); await page.locator('#note').press('Tab'); });
  assert.equal(src, '/export/chart/daily.svg?unit=01&stage=applications,produced&preset=social&note=S%C6%A1%20b%E1%BB%99');
  // The preview is the drawn chart itself.
  await page.waitForFunction(() => document.querySelector('#preview')?.naturalWidth === 1200);

  const { name, bytes } = await downloadBy(page, page.locator('[data-testid="builder-png"]'));
  assert.equal(name, 'theo-ngay-thu-nhan-ho-so-san-xuat-the-ha-noi-01-2021-07-31-social.png');
  assert.deepEqual(pngSize(bytes), [1200, 630]);
  const svg = await downloadBy(page, page.locator('[data-testid="builder-svg"]'));
  assert.equal(svg.name, 'theo-ngay-thu-nhan-ho-so-san-xuat-the-ha-noi-01-2021-07-31-social.svg');
  assert.match(svg.bytes.toString('utf8'), /^<svg[^>]*>\s*<title>Số lượng theo ngày<\/title>/);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was reloaded');

  // A colleague opening the link sees the same chart and choices, pinned to
  // the day it was shared on (no day chosen: the last day with data).
  const shared = new URL(await page.locator('#share').inputValue());
  assert.equal(shared.origin, new URL(BASE).origin, 'an absolute link, ready to paste');
  assert.equal(shared.searchParams.get('date'), '2021-07-31');
  const again = await openHydrated(browser, shared.pathname + shared.search);
  assert.equal(await again.page.locator('#chart').inputValue(), 'daily');
  assert.equal(await again.page.locator('#province').inputValue(), '01');
  assert.equal(await again.page.locator('#preset').inputValue(), 'social');
  assert.equal(await again.page.locator('#note').inputValue(), 'Sơ bộ');
  assert.equal(await again.page.locator('#preview').getAttribute('src'), src.replace('&preset', '&date=2021-07-31&preset'));
  assert.deepEqual([...errors, ...again.errors], []);
  await again.page.close();
  await page.close();
});

test('a bad builder choice says which field is wrong instead of a broken image', async () => {
  const { page } = await openHydrated(browser, '/charts?chart=map&stage=applications,produced');
  // In the page's language, the builder still on screen.
  assert.match(await page.locator('[data-testid="error-message"]').innerText(), /^stage: biểu đồ map chỉ vẽ một khâu/);
  assert.equal(await page.locator('#chart').inputValue(), 'cumulative');
  assert.equal(await page.locator('#preview').count(), 0);
  await page.close();
});

test('the daily briefing prints on one A4 page and downloads as PDF', async () => {
  const { page, errors } = await openHydrated(browser, '/briefing?date=2021-06-01');
  // Up to 10 leading and 10 lagging: the test database's three provinces with targets.
  assert.equal(await page.locator('#briefing-top tbody tr').count(), 3);
  assert.equal(await page.locator('#briefing-bottom tbody tr').count(), 3);
  assert.match(await page.locator('[data-testid="silent-communes"]').innerText(), /\d+ \/ 10\.599 xã/);
  const pdf = await downloadBy(page, page.locator('[data-testid="briefing-pdf"]'));
  assert.equal(pdf.name, 'ban-tin-tien-do-2021-06-01.pdf');
  assert.equal(pdf.bytes.subarray(0, 5).toString(), '%PDF-');
  // Chromium's own print of the page: one A4 sheet.
  const printed = await page.pdf({ format: 'A4', printBackground: true });
  const pages = printed.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
  assert.equal(pages.length, 1, 'the printed briefing fits one page');
  assert.deepEqual(errors, []);
  await page.close();
});

test('chart files answer a bad parameter with a 400 that names it, in the asked language', async () => {
  let resp = await fetch(`${BASE}/export/chart/cumulative.png?preset=poster`);
  assert.equal(resp.status, 400);
  assert.match((await resp.json()).error, /^preset: không có giá trị/);
  resp = await fetch(`${BASE}/export/chart/cumulative.png?preset=poster&lang=en`);
  assert.match((await resp.json()).error, /^preset: unknown preset 'poster'/);
});

test('a chart copies its link and its embed code shows it inside another site', async () => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${BASE}/charts?chart=ranking&unit=01`);
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30_000 });
  // The preview says its key figures to a screen reader.
  assert.match(await page.locator('#preview').getAttribute('alt'), /Dẫn đầu: .+; cuối bảng: .+/);
  // The link is pinned to the last day and copied whole.
  const share = await page.locator('#share').inputValue();
  assert.equal(share, `${BASE}/charts?chart=ranking&unit=01&date=2021-07-31`);
  const copy = page.locator('button[data-copy="share"]');
  await copy.click();
  await page.waitForFunction(() => document.querySelector('button[data-copy="share"]').textContent === 'Đã chép');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), share);
  // The embed code, pasted into another page, shows the chart with its words and source.
  const code = await page.locator('#embed').inputValue();
  assert.match(code, /^<iframe src="http:\/\/[^"]+\/embed\/chart\/ranking\?unit=01&amp;date=2021-07-31"/);
  // A newspaper's page on a site of its own.
  const other = await context.newPage();
  await other.route('http://bao.example/**', (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><title>Báo</title><h1>Bài báo</h1>${code}`,
  }));
  await other.goto('http://bao.example/tin-tuc');
  const frame = await (await other.waitForSelector('iframe')).contentFrame();
  await frame.waitForFunction(() => {
    const img = document.querySelector('img');
    return img && img.complete && img.naturalWidth > 0;
  });
  assert.match(await frame.locator('img').getAttribute('alt'), /Dẫn đầu: /);
  assert.match(await frame.locator('figcaption').innerText(), /Số liệu mô phỏng/);
  assert.deepEqual(errors, []);
  await context.close();
});
