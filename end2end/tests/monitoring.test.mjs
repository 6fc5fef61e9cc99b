// The server watching the campaign, in a real browser: an open overview
// follows a batch sent through the API without a reload; the alerts page
// lists what the API lists, filters by the URL, and a province commander
// acknowledges an alert of the province.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, openHydrated } from './browser.mjs';

const TOKEN = process.env.TIENDO_E2E_TOKEN;
const PASSWORD = process.env.TIENDO_E2E_PASSWORD;
let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

const vi = (n) => new Intl.NumberFormat('vi-VN').format(n);

async function alerts(query = '') {
  const answer = await fetch(`${BASE}/api/v1/alerts${query}`);
  assert.equal(answer.status, 200);
  return (await answer.json()).alerts;
}

test('an open overview shows a batch sent through the API within 5 s, without a reload', async () => {
  assert.ok(TOKEN, 'TIENDO_E2E_TOKEN is set by scripts/test.sh');
  const { page, errors } = await openHydrated(browser, '/');
  const nation = await (await fetch(`${BASE}/api/v1/progress/VN`)).json();
  assert.equal(await page.locator('[data-testid="cumulative-applications"]').innerText(), vi(nation.stages.applications.cumulative));
  // A full reload would wipe this marker.
  await page.evaluate(() => { window.__sameDocument = true; });
  const day = '2021-07-30';
  const commune = await (await fetch(`${BASE}/api/v1/progress/00001?date=${day}`)).json();
  const sent = await fetch(`${BASE}/api/v1/reports`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      reports: [{ unit: '00001', date: day, stage: 'applications', count: commune.stages.applications.daily + 11 }],
      confirm_warnings: true,
    }),
  });
  assert.equal(sent.status, 200, await sent.text());
  const expected = vi(nation.stages.applications.cumulative + 11);
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid="cumulative-applications"]')?.innerText === want,
    expected,
    { timeout: 5_000 },
  );
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was not reloaded');
  assert.match(await page.locator('.live-status').innerText(), /^cập nhật lúc \d{2}:\d{2}:\d{2}$/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the alerts page lists what the API lists and filters by the URL', async () => {
  // The server evaluates the rules when it starts: wait for its first findings.
  let all = [];
  for (let i = 0; i < 50 && all.length === 0; i++) {
    all = await alerts();
    if (all.length === 0) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(all.length > 0, 'the demo campaign trips some rules');
  const { page, errors } = await openHydrated(browser, '/alerts');
  const rows = page.locator('[data-testid="alerts"] tbody tr');
  assert.equal(await rows.count(), all.length);
  assert.match(await page.locator('[data-testid="alert-count"]').innerText(), new RegExp(`^${vi(all.length)} `));
  // Choosing a rule narrows the list in place and puts it in the URL.
  const rule = all[all.length - 1].rule;
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.locator('#alert-rule').selectOption(rule);
  await page.waitForURL(new RegExp(`rule=${rule}`));
  const narrowed = await alerts(`?rule=${rule}`);
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="alerts"] tbody tr').length === n,
    narrowed.length,
  );
  const rules = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.rule));
  assert.deepEqual([...new Set(rules)], [rule]);
  assert.equal(await page.evaluate(() => window.__sameDocument), true);
  // The overview shows how many are open.
  await page.goto(`${BASE}/`);
  const open = (await alerts('?state=open')).length;
  assert.match(await page.locator('[data-testid="alert-badge"]').innerText(), new RegExp(`^${vi(open)} `));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a province commander sees the province\'s alerts only and acknowledges one', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${BASE}/sign-in?next=%2Falerts`);
  await page.locator('#name').fill('e2e.hanoi');
  await page.locator('#password').fill(PASSWORD);
  await page.locator('#sign-in').click();
  await page.waitForURL(/\/alerts$/);
  await page.waitForSelector('body[data-hydrated="true"]');
  const inHanoi = await alerts('?province=01');
  assert.ok(inHanoi.length > 0, 'Hà Nội has alerts to acknowledge');
  const rows = page.locator('[data-testid="alerts"] tbody tr');
  assert.equal(await rows.count(), inHanoi.length, 'only the province\'s alerts');
  const first = rows.first();
  const id = await first.getAttribute('data-alert');
  await first.locator('input').fill('Đã liên hệ công an xã');
  await first.locator('button').click();
  const row = page.locator(`[data-testid="alerts"] tr[data-alert="${id}"]`);
  await page.waitForFunction(
    (id) => document.querySelector(`tr[data-alert="${id}"]`)?.dataset.state === 'acknowledged',
    id,
  );
  assert.match(await row.innerText(), /e2e\.hanoi: Đã liên hệ công an xã/);
  // The public API says it is acknowledged, without saying by whom.
  const listed = (await alerts('?province=01')).find((a) => String(a.id) === id);
  assert.equal(listed.state, 'acknowledged');
  assert.equal(listed.acknowledged_by ?? null, null);
  assert.deepEqual(errors, []);
  await page.close();
});
