// Rankings, drill-down, shared URLs, the map and search in a real browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, openHydrated } from './browser.mjs';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

const asNumber = (s) => Number(s.replaceAll('.', '').replace(',', '.').replace('%', ''));

// The text of column `n` (1-based) of every shown row of table `id`.
const column = (page, id, n) =>
  page.locator(`#${id} tbody tr td:nth-child(${n})`).allInnerTexts();

test('sorting the provinces by a column happens in place, without a reload', async () => {
  const { page, errors } = await openHydrated(browser, '/rankings?date=2021-06-01');
  assert.equal(await page.locator('#rankings tbody tr').count(), 63);
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.locator('#rankings th a[data-sort="cumulative"]').click();
  await page.waitForURL(/sort=cumulative/);
  // Column 7: rank, change, name, status, region, % of target, cumulative. Provinces
  // outside the test's demo have no figures ("—") and stay last either way.
  const ordered = (direction) => {
    const cells = [...document.querySelectorAll('#rankings tbody tr td:nth-child(7)')].map((c) => c.innerText);
    const shown = cells.filter((c) => c !== '—').map((c) => Number(c.replaceAll('.', '')));
    const blanksLast = cells.slice(shown.length).every((c) => c === '—');
    return blanksLast && shown.length > 1
      && shown.every((x, i) => i === 0 || (direction === 'down' ? shown[i - 1] >= x : shown[i - 1] <= x));
  };
  await page.waitForFunction(ordered, 'down', { timeout: 10_000 });
  const cumulative = (await column(page, 'rankings', 7)).filter((c) => c !== '—').map(asNumber);
  assert.ok(cumulative[0] > cumulative.at(-1), 'largest first');
  // Clicking again turns the order round.
  await page.locator('#rankings th a[data-sort="cumulative"]').click();
  await page.waitForURL(/dir=worst/);
  await page.waitForFunction(ordered, 'up', { timeout: 10_000 });
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was reloaded');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a shared URL reproduces stage, measure, sort, region and highlight', async () => {
  const url = '/rankings?date=2021-06-20&stage=produced&by=avg7&sort=name&dir=worst&region=dong-nam-bo&hl=79';
  const { page, errors } = await openHydrated(browser, url);
  assert.equal(await page.locator('#stage').inputValue(), 'produced');
  assert.equal(await page.locator('#by').inputValue(), 'avg7');
  assert.equal(await page.locator('#region').inputValue(), 'dong-nam-bo');
  assert.equal(await page.locator('#asof').inputValue(), '20/06/2021');
  const names = await column(page, 'rankings', 3);
  assert.equal(names.length, 6, `the six provinces of Đông Nam Bộ: ${names}`);
  const folded = names.map((n) => n.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase());
  assert.deepEqual(folded, [...folded].sort().reverse(), 'Z to A');
  assert.equal(await page.locator('#rankings tr.highlight').getAttribute('data-code'), '79');
  // The table downloads with the same stage, measure and day.
  const csv = await page.locator('[data-testid="csv-link"]').getAttribute('href');
  for (const part of ['stage=produced', 'by=avg7', 'date=2021-06-20', 'level=province']) {
    assert.ok(csv.includes(part), `${csv} lacks ${part}`);
  }
  const file = await fetch(BASE + csv);
  assert.equal(file.status, 200);
  const bytes = new Uint8Array(await file.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark, for Excel');
  const text = new TextDecoder().decode(bytes);
  assert.match(text, /^Ngày số liệu,Hạng/);
  // The file holds what the screen shows: the region's six provinces, each
  // with its rank on screen (names hold no commas, so a split suffices).
  assert.ok(csv.includes('region=dong-nam-bo'), csv);
  // A unit without a rank shows "—" on screen and an empty cell in the file.
  const screenNames = await page.locator('#rankings tbody tr td.name a').allInnerTexts();
  const ranks = await page.locator('#rankings tbody tr td.rank').allInnerTexts();
  const onScreen = Object.fromEntries(screenNames.map((n, i) => [n, ranks[i] === '—' ? '' : ranks[i]]));
  const rows = text.trim().split('\n').slice(1).map((line) => line.split(','));
  const inFile = Object.fromEntries(rows.map((r) => [r[4], r[1]]));
  assert.deepEqual(inFile, onScreen);
  const xlsx = await page.locator('[data-testid="xlsx-link"]').getAttribute('href');
  assert.equal(xlsx, csv.replace('rankings.csv', 'rankings.xlsx'));
  const workbook = await fetch(BASE + xlsx);
  assert.equal(workbook.status, 200);
  // An XLSX file is a zip archive: "PK".
  assert.deepEqual([...new Uint8Array(await workbook.arrayBuffer()).slice(0, 2)], [0x50, 0x4b]);
  assert.match(await page.locator('h1').innerText(), /Sản xuất thẻ|sản xuất/i);
  assert.deepEqual(errors, []);
  await page.close();
});

test('drilling down nation > province > district > commune', async () => {
  const { page, errors } = await openHydrated(browser, '/rankings?date=2021-06-01');
  await page.locator('#rankings tr[data-code="01"] td.name a').click();
  await page.waitForURL(/\/p\/01\?/);
  await page.waitForSelector('#children tbody tr');
  assert.match(await page.locator('h1').innerText(), /Hà Nội/);
  assert.match(await page.locator('[data-testid="place-nationwide"]').innerText(), /trên 63/);
  assert.match(await page.locator('a.to-rankings').getAttribute('href'), /^\/rankings\?date=2021-06-01&hl=01#highlighted$/);
  assert.match(await page.locator('[data-testid="cumulative-applications"]').innerText(), /^\d{1,3}(\.\d{3})*$/);

  const district = page.locator('#children tbody tr td.name a').first();
  const districtName = await district.innerText();
  await district.click();
  await page.waitForURL(/\/d\/\d{3}\?/);
  await page.waitForFunction((n) => document.querySelector('h1')?.innerText.includes(n), districtName);
  assert.match(await page.locator('.breadcrumb').innerText(), /Toàn quốc[\s\S]*Hà Nội/);
  assert.match(await page.locator('[data-testid="place-siblings"]').innerText(), /Hạng trong Hà Nội: \d+ trên 30/);
  assert.match(await page.locator('[data-testid="place-nationwide"]').innerText(), /trên 705/);

  const commune = page.locator('#children tbody tr td.name a').first();
  const communeName = await commune.innerText();
  await commune.click();
  await page.waitForURL(/\/c\/\d{5}\?/);
  await page.waitForFunction((n) => document.querySelector('h1')?.innerText.includes(n), communeName);
  const crumbs = await page.locator('.breadcrumb').innerText();
  assert.ok(crumbs.includes('Hà Nội') && crumbs.includes(districtName), crumbs);
  assert.match(await page.locator('[data-testid="place-nationwide"]').innerText(), /trên 10\.599/);
  assert.equal(page.url().includes('date=2021-06-01'), true, 'the as-of day travels with the links');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a district with many communes is paged', async () => {
  // Hà Đông (268) has 17 wards; Ba Vì (271) has 31 communes.
  const { page, errors } = await openHydrated(browser, '/d/271');
  assert.equal(await page.locator('#children tbody tr').count(), 20);
  assert.match(await page.locator('[data-testid="page-of"]').innerText(), /1\/2 · 31/);
  await page.locator('#children .pager a[rel="next"]').click();
  await page.waitForURL(/page=2/);
  await page.waitForFunction(() => document.querySelectorAll('#children tbody tr').length === 11);
  assert.match(await page.locator('[data-testid="page-of"]').innerText(), /2\/2/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the map links each province to its page and labels both archipelagos', async () => {
  const { page, errors } = await openHydrated(browser, '/map?date=2021-06-01');
  const svg = page.locator('#map svg');
  assert.equal(await svg.locator('a[data-code]').count() >= 63, true);
  const labels = await svg.locator('text').allTextContents();
  assert.ok(labels.some((t) => t.includes('Hoàng Sa')) && labels.some((t) => t.includes('Trường Sa')), labels.join('|'));
  assert.match(await svg.locator('a[data-code="48"] title').first().textContent(), /^Đà Nẵng: \d+,\d%$/);
  await svg.locator('a[data-code="48"] path').first().click();
  await page.waitForURL(/\/p\/48/);
  await page.waitForFunction(() => document.querySelector('h1')?.innerText.includes('Đà Nẵng'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('search finds a unit without diacritics and says where it lies', async () => {
  const { page } = await openHydrated(browser, '/search');
  await page.locator('#search-q').fill('ha dong');
  await page.waitForSelector('[data-testid="search-results"] li');
  const first = await page.locator('[data-testid="search-results"] li').first().innerText();
  assert.match(first, /Quận Hà Đông/);
  assert.match(first, /Hà Nội/);
  await page.close();
});

test('pages answer bad parameters with a 400 that names them', async () => {
  const res = await fetch(`${BASE}/rankings?stage=bogus`);
  assert.equal(res.status, 400);
  // Named in the page's language.
  assert.match(await res.text(), /stage: không có giá trị (&#x27;|')bogus(&#x27;|')/);
  const english = await fetch(`${BASE}/rankings?stage=bogus&lang=en`);
  assert.match(await english.text(), /stage: unknown stage (&#x27;|')bogus(&#x27;|')/);
  assert.equal((await fetch(`${BASE}/d/01`)).status, 404, 'a province code on a district page');
  // Parameters the table reads in the browser are checked on the server too.
  const sort = await fetch(`${BASE}/rankings?sort=size`);
  assert.equal(sort.status, 400);
  assert.match(await sort.text(), /sort: không có cột/);
  assert.equal((await fetch(`${BASE}/rankings?region=atlantis`)).status, 400);
});

test('who is behind, in one click, with a status on every row', async () => {
  const { page, errors } = await openHydrated(browser, '/rankings?date=2021-06-01');
  const verdicts = () => page.locator('#rankings tbody td.verdict').allInnerTexts();
  const all = await verdicts();
  assert.equal(all.length, 63);
  assert.ok(all.every((v) => ['Đúng tiến độ', 'Chậm', 'Đã đạt', 'Chưa có số liệu'].includes(v.trim())), `${all}`);
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.locator('[data-testid="only-behind"]').click();
  await page.waitForURL(/status=behind/);
  await page.waitForFunction(() => document.querySelectorAll('#rankings tbody tr').length < 63);
  const behind = await verdicts();
  assert.equal(behind.length, all.filter((v) => v.trim() === 'Chậm').length);
  assert.ok(behind.every((v) => v.trim() === 'Chậm'), `${behind}`);
  assert.equal(await page.locator('[data-testid="only-behind"]').getAttribute('aria-current'), 'true');
  // And back to every unit.
  await page.locator('[data-testid="only-behind"]').click();
  await page.waitForFunction(() => document.querySelectorAll('#rankings tbody tr').length === 63);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was reloaded');
  // The API answers the same question.
  const api = await (await fetch(`${BASE}/api/v1/rankings?date=2021-06-01&status=behind`)).json();
  assert.equal(api.units.length, behind.length);
  assert.deepEqual(errors, []);
  await page.close();
});

test('every commune of a province in one list, the worst first, a highlighted one in view', async () => {
  const { page, errors } = await openHydrated(browser, '/p/01?date=2021-06-01');
  await page.locator('[data-testid="switch-list"]').click();
  await page.waitForURL(/below=communes/);
  await page.waitForFunction(() => document.querySelector('.children-title')?.innerText.includes('(579)'));
  assert.match(await page.locator('#children [data-testid="page-of"]').innerText(), /1\/29 · 579/);
  await page.locator('#children [data-testid="worst-first"]').click();
  await page.waitForURL(/dir=worst/);
  await page.waitForFunction(() => document.querySelector('#children tbody td.rank')?.innerText.trim() !== '1');
  const ranks = (await page.locator('#children tbody td.rank').allInnerTexts()).map(Number);
  assert.deepEqual(ranks, [...ranks].sort((a, b) => b - a), `worst first: ${ranks}`);
  assert.equal(ranks[0], 579);
  // A link to one commune of the list opens its page of the table, scrolled to it.
  const last = await page.locator('#children tbody tr').last().getAttribute('data-code');
  await page.goto(`${BASE}/p/01?date=2021-06-01&below=communes&hl=${last}#highlighted`);
  const row = page.locator('#children tr.highlight');
  assert.equal(await row.getAttribute('data-code'), last);
  const box = await row.boundingBox();
  const height = await page.evaluate(() => window.innerHeight);
  assert.ok(box && box.y >= 0 && box.y + box.height <= height, `row in view: ${JSON.stringify(box)}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the search box suggests as one types, names with their kind, keeping day and language', async () => {
  const { page, errors } = await openHydrated(browser, '/?date=2021-05-01&lang=en');
  const box = page.locator('#top-q');
  for (const [typed, shown, code] of [['hcm', 'TP Hồ Chí Minh', '79'], ['quan 3', 'Quận 3', '770']]) {
    await box.fill('');
    await box.pressSequentially(typed, { delay: 40 });
    const first = page.locator('[data-testid="suggestions"] li a').first();
    await first.waitFor({ state: 'visible' });
    assert.match(await first.innerText(), new RegExp(`^${shown}`));
    const href = await first.getAttribute('href');
    assert.ok(href.includes(`/${code}`) && href.includes('date=2021-05-01') && href.includes('lang=en'), href);
  }
  // Choosing one opens its page on the same day.
  await page.locator('[data-testid="suggestions"] li a').first().click();
  await page.waitForURL(/\/d\/770\?/);
  assert.equal(await page.locator('h1').first().evaluate((h) => h.firstChild.textContent.trim()), 'Quận 3');
  assert.equal(await page.locator('#asof').inputValue(), '01/05/2021');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the first Tab stop skips to the content', async () => {
  const { page } = await openHydrated(browser, '/rankings');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => ({ cls: document.activeElement.className, text: document.activeElement.innerText }));
  assert.equal(focused.cls, 'skip-link');
  assert.equal(focused.text, 'Bỏ qua, đến nội dung chính');
  assert.ok(await page.locator('#main').count() === 1, 'the target exists');
  await page.close();
});
