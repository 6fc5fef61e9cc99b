// The national overview in a real browser: figures, charts, and an as-of date
// that changes in place, without reloading the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, openHydrated } from './browser.mjs';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

const text = (page, testid) => page.locator(`[data-testid="${testid}"]`).innerText();

test('overview shows the KPI figures and the charts', async () => {
  const { page, errors } = await openHydrated(browser, '/?date=2021-04-07');
  for (const stage of ['applications', 'produced', 'delivered']) {
    assert.match(await text(page, `cumulative-${stage}`), /^\d{1,3}(\.\d{3})*$/, `${stage} in Vietnamese format`);
    assert.match(await text(page, `percent-${stage}`), /^\d+,\d%$/);
  }
  // On a desktop screen, the wide drawing of each chart shows.
  assert.ok(await page.locator('#chart-cumulative .wide svg').isVisible());
  assert.ok(await page.locator('#chart-daily .wide svg').isVisible());
  assert.ok(!(await page.locator('#chart-daily .narrow svg').isVisible()));
  // The test database holds three provinces, the only ones with targets:
  // they are ranked, best first among the leaders and worst first below.
  const three = ['Hà Nội', 'TP Hồ Chí Minh', 'Đà Nẵng'].sort();
  const leaders = await page.locator('#leaders tbody tr td:nth-child(2)').allInnerTexts();
  assert.deepEqual([...leaders].sort(), three);
  const laggards = await page.locator('#laggards tbody tr td:nth-child(2)').allInnerTexts();
  assert.deepEqual(laggards, [...leaders].reverse());
  assert.match(await page.locator('.simulated').innerText(), /mô phỏng/);
  assert.equal(
    await page.locator('[data-testid="series-csv-link"]').getAttribute('href'),
    '/export/table/series.csv?unit=VN&date=2021-04-07&lang=vi',
  );
  assert.deepEqual(errors, []);
  await page.close();
});

test('changing the as-of date updates the figures without a full reload', async () => {
  const { page, errors } = await openHydrated(browser, '/?date=2021-04-07');
  const before = await text(page, 'cumulative-applications');
  // A full reload would wipe this marker.
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.locator('#asof').fill('01/06/2021');
  await page.locator('#asof').press('Enter');
  await page.waitForFunction(
    (old) => document.querySelector('[data-testid="cumulative-applications"]')?.innerText !== old,
    before,
    { timeout: 15_000 },
  );
  const after = await text(page, 'cumulative-applications');
  const asNumber = (s) => Number(s.replaceAll('.', ''));
  assert.ok(asNumber(after) > asNumber(before), `${after} should exceed ${before}`);
  assert.ok(page.url().includes('date=2021-06-01'), page.url());
  assert.equal(await page.locator('#asof').inputValue(), '01/06/2021');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was reloaded');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a malformed date in the URL says which field is wrong', async () => {
  const { page } = await openHydrated(browser, '/?date=2021-13-45');
  assert.match(await text(page, 'error-message'), /^date: cần một ngày dạng YYYY-MM-DD/);
  await page.close();
});

test('the document says its language and title in the page\'s language', async () => {
  const { page, errors } = await openHydrated(browser, '/?date=2021-04-07');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'vi');
  // Each page has its own title, saying what it shows.
  assert.match(await page.title(), /^Toàn quốc · .+ · Tiendo$/);
  // Served in English.
  const english = await browser.newPage();
  await english.goto(`${BASE}/rankings?lang=en`);
  assert.equal(await english.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await english.title(), 'The 63 provinces ranked · Applications collected · Tiendo');
  await english.goto(`${BASE}/d/770`);
  assert.equal(await english.title(), 'Quận 3 · Quận/huyện · Tiendo');
  await english.goto(`${BASE}/map?lang=en`);
  assert.equal(await english.title(), 'Progress map of the 63 provinces · Tiendo');
  await english.close();
  assert.deepEqual(errors, []);
  await page.close();
});
