// Reporting in a real browser: a reporter signs in, sends the day's figures
// and sees them in the commune's and the nation's totals; a file with an
// error shows it in the preview and cannot be written; another commune's
// form is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser } from './browser.mjs';

const PASSWORD = process.env.TIENDO_E2E_PASSWORD;
let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

async function signedIn() {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${BASE}/report`);
  await page.waitForURL(/\/sign-in\?next=%2Freport/);
  await page.locator('#name').fill('e2e.phucxa');
  await page.locator('#password').fill(PASSWORD);
  await page.locator('#sign-in').click();
  await page.waitForURL(/\/report$/);
  await page.waitForSelector('body[data-hydrated="true"]');
  return { page, errors };
}

const progress = async (code) => (await fetch(`${BASE}/api/v1/progress/${code}?date=2021-07-31`)).json();

test('a reporter sends the day\'s figures and sees them in the totals', async () => {
  assert.ok(PASSWORD, 'TIENDO_E2E_PASSWORD is set by scripts/test.sh');
  const { page, errors } = await signedIn();
  assert.match(await page.locator('[data-testid="signed-in"]').innerText(), /e2e\.phucxa/);
  await page.locator('#report-day').fill('31/07/2021');
  await page.locator('#report-day').press('Enter');
  await page.waitForURL(/date=2021-07-31/);
  // The reporting page loads whole (it is not swapped in place): its form
  // is interactive again once the bundle has taken over.
  await page.waitForSelector('body[data-hydrated="true"]');
  const commune = await progress('00001');
  const nation = await progress('VN');
  const daily = commune.stages.applications.daily;
  await page.locator('#count-applications').fill(String(daily + 7));
  await page.locator('#send').click();
  await page.locator('[data-testid="outcome-written"]').waitFor();
  assert.match(await page.locator('[data-testid="outcome-written"]').innerText(), /00001 · 31\/07\/2021/);
  const after = await progress('00001');
  assert.equal(after.stages.applications.cumulative, commune.stages.applications.cumulative + 7);
  assert.equal((await progress('VN')).stages.applications.cumulative, nation.stages.applications.cumulative + 7);
  // The commune's page shows the new total and the correction, signed.
  await page.goto(`${BASE}/c/00001?date=2021-07-31`);
  const shown = new Intl.NumberFormat('vi-VN').format(after.stages.applications.cumulative);
  assert.match(await page.locator('[data-testid="cumulative-applications"]').innerText(), new RegExp(shown.replace(/\./g, '\\.')));
  assert.match(await page.locator('[data-testid="changes"]').innerText(), /e2e\.phucxa/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an uploaded file with an error shows it in the preview and writes nothing', async () => {
  const { page } = await signedIn();
  const csv = 'Mã đơn vị;Tên đơn vị;Ngày (dd/mm/yyyy);Thu nhận hồ sơ;Sản xuất thẻ;Trả thẻ\n'
    + '00001;Phúc Xá;31/07/2021;12;;\n'
    + '00004;Trúc Bạch;31/07/2021;13;;\n';
  await page.locator('#file').setInputFiles({ name: 'bao-cao.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.locator('#upload').click();
  await page.waitForURL(/\/report\/upload/);
  await page.locator('[data-testid="preview"]').waitFor();
  assert.equal(await page.locator('[data-testid="rows-with-errors"]').innerText(), '1');
  assert.match(await page.locator('tr.bad').innerText(), /Dòng 3, mã đơn vị: Trúc Bạch không thuộc phạm vi/);
  assert.equal(await page.locator('#commit').isDisabled(), true);
  await page.close();
});

test('a reporter cannot open another commune\'s form', async () => {
  const { page } = await signedIn();
  const response = await page.goto(`${BASE}/report?unit=00004`);
  assert.equal(response.status(), 403);
  assert.match(await page.locator('[data-testid="error-message"]').innerText(), /00004 is not a commune this account reports for/);
  await page.close();
});
