// Typing never breaks a page: dates typed key by key into every date field
// send nothing until they are complete and valid; a wrong or out-of-range
// day shows a message beside the field, in the page's language, and the
// page with its controls stays. No wasm panic under any of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, openHydrated } from './browser.mjs';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

// The test database holds 01/03/2021 to 31/07/2021 (scripts/test.sh).
const PAGES = [
  ['/?date=2021-04-07', '#asof'],
  ['/rankings?date=2021-04-07', '#asof'],
  ['/p/79?date=2021-04-07', '#asof'],
  ['/d/001?date=2021-04-07', '#asof'],
  ['/c/00001?date=2021-04-07', '#asof'],
  ['/map?date=2021-04-07', '#asof'],
  ['/briefing?date=2021-04-07', '#asof'],
  ['/charts?chart=cumulative&date=2021-04-07', '#date'],
  ['/charts?chart=daily&date=2021-04-07', '#from', '01/04/2021', '2021-04-01'],
];

// Records every server round trip the page makes from now on.
function watchRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    const url = r.url();
    if (url.includes('/api/') || r.isNavigationRequest()) seen.push(url);
  });
  return seen;
}

for (const [path, field, typed = '01/06/2021', iso = '2021-06-01'] of PAGES) {
  test(`typing into ${field} on ${path} sends only a complete, valid day`, async () => {
    const { page, errors } = await openHydrated(browser, path);
    const input = page.locator(field);
    const requests = watchRequests(page);
    const before = page.url();
    await input.click();
    await input.fill('');
    // Key by key, as a person types: nothing may be sent on the way.
    for (const key of '01/06/202') await page.keyboard.type(key);
    await page.waitForTimeout(300);
    assert.deepEqual(requests, [], `sent while typing: ${requests}`);
    assert.equal(page.url(), before);

    // Incomplete and applied: a message beside the field, the page stays.
    await page.keyboard.press('Enter');
    const message = page.locator(`${field}-error`);
    assert.match(await message.innerText(), /dd\/mm\/yyyy/);
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.equal(page.url(), before, 'an invalid day changed the URL');
    assert.equal(await page.locator('.error[role=alert]').count(), 0, 'the page was replaced by an error');

    // Out of range: says which days have figures, in dd/mm/yyyy.
    await input.fill('');
    for (const key of '15/06/0002') await page.keyboard.type(key);
    await page.keyboard.press('Enter');
    assert.match(await message.innerText(), /01\/03\/2021 đến 31\/07\/2021/);
    assert.equal(page.url(), before);

    // A real day applies, in place.
    await input.fill('');
    for (const key of typed) await page.keyboard.type(key);
    await page.keyboard.press('Enter');
    const param = field === '#asof' ? 'date' : field.slice(1);
    await page.waitForURL((u) => u.searchParams.get(param) === iso);
    assert.equal(await message.innerText(), '');
    assert.deepEqual(errors, [], 'console errors or a wasm panic');
    await page.close();
  });
}

test('the field speaks English on an English page', async () => {
  const { page, errors } = await openHydrated(browser, '/rankings?date=2021-04-07&lang=en');
  await page.locator('#asof').fill('31/02/2021');
  await page.locator('#asof').press('Enter');
  assert.match(await page.locator('#asof-error').innerText(), /^Type a whole date as dd\/mm\/yyyy/);
  await page.locator('#asof').fill('01/01/2022');
  await page.locator('#asof').press('Enter');
  assert.match(await page.locator('#asof-error').innerText(), /from 01\/03\/2021 to 31\/07\/2021/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a day typed without JavaScript is read as dd/mm/yyyy', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${process.env.TIENDO_URL ?? 'http://127.0.0.1:3210'}/?date=2021-04-07`);
  await page.locator('#asof').fill('01/06/2021');
  await page.locator('#asof').press('Enter');
  await page.waitForURL(/date=01%2F06%2F2021/);
  assert.equal(await page.locator('#asof').inputValue(), '01/06/2021');
  assert.equal(await page.locator('.error[role=alert]').count(), 0);
  await context.close();
});

test('the day before and after are links', async () => {
  const { page, errors } = await openHydrated(browser, '/p/79?date=2021-04-07');
  await page.locator('a.step[aria-label="Ngày sau"]').click();
  await page.waitForURL(/date=2021-04-08/);
  // The URL moves at once; the field follows when the day's figures arrive.
  await page.waitForFunction(() => document.querySelector('#asof')?.value === '08/04/2021');
  assert.equal(await page.locator('#asof').inputValue(), '08/04/2021');
  assert.deepEqual(errors, []);
  await page.close();
});

test('an impossible date in the URL does not crash the page', async () => {
  const { page, errors } = await openHydrated(browser, '/c/00001?date=2021-04-07');
  await page.goto(`${page.url().split('?')[0]}?date=0002-06-15`);
  assert.match(await page.locator('[data-testid="error-message"]').innerText(), /date/);
  assert.deepEqual(errors.filter((e) => /unreachable|panicked/.test(e)), []);
  await page.close();
});
