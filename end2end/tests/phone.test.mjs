// Everyday use on a phone (390×844, the size of a common handset): no page
// scrolls sideways, and the unit name stays in view in every table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser } from './browser.mjs';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

const PAGES = [
  '/?date=2021-06-01',
  '/rankings?date=2021-06-01',
  '/p/79?date=2021-06-01',
  '/d/770?date=2021-06-01',
  '/c/00001?date=2021-06-01',
  '/map?date=2021-06-01',
  '/charts?date=2021-06-01',
  '/briefing?date=2021-06-01',
  '/search?q=ha',
  '/alerts',
  '/sign-in',
  '/rankings?date=2021-06-01&lang=en',
];

test('no page scrolls sideways on a phone', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const wide = [];
  for (const path of PAGES) {
    await page.goto(BASE + path);
    await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30_000 });
    const { width, culprit } = await page.evaluate(() => {
      const width = document.documentElement.scrollWidth;
      // The widest element that sticks out, to say what to fix.
      let culprit = '';
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.right > window.innerWidth + 1 && !el.closest('.table-scroll')) {
          culprit = `${el.tagName.toLowerCase()}.${el.className?.baseVal ?? el.className} (${Math.round(r.right)} px)`;
          break;
        }
      }
      return { width, culprit };
    });
    if (width > 390) wide.push(`${path}: ${width} px, ${culprit}`);
  }
  assert.deepEqual(wide, []);
  await context.close();
});

test('a table scrolled sideways on a phone keeps the unit name in view', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${BASE}/rankings?date=2021-06-01`);
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30_000 });
  const scroller = page.locator('#rankings .table-scroll');
  await scroller.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
  const name = await page.locator('#rankings tbody tr').first().locator('td.name').boundingBox();
  assert.ok(name.x >= 0 && name.x + 20 < 390, `name cell at ${JSON.stringify(name)}`);
  await context.close();
});

test('before the bundle arrives, a choice is not lost and the page says it is getting ready', async () => {
  // A link so weak the wasm never arrives: only HTML, CSS and early.js.
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto(`${BASE}/rankings?date=2021-06-01`);
  const bar = await page.evaluate(() => getComputedStyle(document.body, '::before').content);
  assert.notEqual(bar, 'none', 'the getting-ready bar shows');
  assert.equal(await page.locator('body[data-hydrated="true"]').count(), 0);
  await page.locator('#stage').selectOption('produced');
  await page.waitForURL(/stage=produced/);
  assert.match(await page.locator('h1').innerText(), /Sản xuất thẻ/);
  // Links work as links: the behind filter and a sort header.
  await page.locator('[data-testid="only-behind"]').click();
  await page.waitForURL(/status=behind/);
  assert.match(page.url(), /stage=produced/, 'the earlier choice is kept');
  await context.close();
});

test('the map says a province\'s name and value on focus and on a tap, and a second tap opens it', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${BASE}/map?date=2021-06-01`);
  await page.waitForSelector('body[data-hydrated="true"]');
  const province = page.locator('#map svg a[data-code="48"]');
  const title = await province.locator('title').first().textContent();
  // By keyboard: focus shows the label.
  await province.focus();
  await page.locator('#tip:not([hidden])').waitFor();
  assert.equal(await page.locator('#tip').innerText(), title);
  await page.locator('h1').click();
  // By touch: the first tap shows the label and stays on the map.
  await province.locator('path').first().tap();
  await page.locator('#tip:not([hidden])').waitFor();
  assert.equal(await page.locator('#tip').innerText(), title);
  assert.match(page.url(), /\/map/);
  // The second tap opens the province.
  await province.locator('path').first().tap();
  await page.waitForURL(/\/p\/48/);
  await context.close();
});

test('charts on a phone keep their text at 11 px or more, and their dates apart', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  for (const path of ['/?date=2021-06-01', '/p/79?date=2021-06-01']) {
    await page.goto(`${BASE}${path}`);
    // Each visible chart's text, at the size the screen shows it.
    const sizes = await page.evaluate(() => [...document.querySelectorAll('.chart-svg svg')]
      .filter((svg) => svg.getBoundingClientRect().width > 0)
      .flatMap((svg) => {
        const k = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * k);
      }));
    assert.ok(sizes.length > 10, `${path}: charts with text`);
    const smallest = Math.min(...sizes);
    assert.ok(smallest >= 11, `${path}: text at ${smallest.toFixed(1)} px`);
    // The dates under each chart stand apart: no two of one row touch.
    const touching = await page.evaluate(() => [...document.querySelectorAll('.chart-svg svg')]
      .filter((svg) => svg.getBoundingClientRect().width > 0)
      .flatMap((svg) => {
        const boxes = [...svg.querySelectorAll('text')]
          .filter((t) => /^\d\d\/\d\d$/.test(t.textContent.trim()))
          .map((t) => [t.textContent.trim(), t.getBoundingClientRect()]);
        return boxes.flatMap(([a, p], i) => boxes.slice(i + 1)
          .filter(([, q]) => Math.abs(p.top - q.top) < 2 && p.left < q.right && q.left < p.right)
          .map(([b]) => `${a}/${b}`));
      }));
    assert.deepEqual(touching, [], `${path}: dates run into each other`);
  }
  await context.close();
});

/** The on-screen point of a page chart's first (`x0`) or last (`x1`) day, its drawing scrolled into view. */
async function chartDay(page, selector, which) {
  return page.evaluate(([selector, which]) => {
    const svg = document.querySelector(selector);
    svg.scrollIntoView({ block: 'center' });
    const r = svg.getBoundingClientRect();
    const x = r.left + Number(svg.dataset[which]) * r.width / svg.viewBox.baseVal.width;
    return { x, y: r.top + r.height / 2 };
  }, [selector, which]);
}

test('a tap on a page chart names the day and its figures; a mouse over it too', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${BASE}/p/79?date=2021-06-01`);
  await page.waitForSelector('body[data-hydrated="true"]');
  const card = (id) => page.locator(`[data-testid="${id}"]`).first().innerText();
  // The running total's last day is the day of the page, with the card's figure.
  let spot = await chartDay(page, '#chart-cumulative .narrow svg', 'x1');
  await page.touchscreen.tap(spot.x, spot.y);
  await page.locator('#tip:not([hidden])').waitFor();
  assert.equal(await page.locator('#tip').innerText(), `01/06/2021: ${await card('cumulative-applications')}`);
  // The first bar is the campaign's first day; the last names each stage's count of the day.
  spot = await chartDay(page, '#chart-daily .narrow svg', 'x0');
  await page.touchscreen.tap(spot.x, spot.y);
  await page.waitForFunction(() => !document.getElementById('tip').innerText.startsWith('01/06'));
  assert.match(await page.locator('#tip').innerText(), /^\d\d\/03\/2021: Thu nhận hồ sơ \d/);
  spot = await chartDay(page, '#chart-daily .narrow svg', 'x1');
  await page.touchscreen.tap(spot.x, spot.y);
  await page.waitForFunction(() => document.getElementById('tip').innerText.startsWith('01/06'));
  const tip = await page.locator('#tip').innerText();
  assert.ok(tip.includes(`Thu nhận hồ sơ ${await card('daily-applications')}`), tip);
  // The label stays on the screen, wrapped if it must.
  const box = await page.locator('#tip').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `tip at ${box.x}..${box.x + box.width}`);
  await context.close();

  const desk = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await desk.goto(`${BASE}/p/79?date=2021-06-01&lang=en`);
  await desk.waitForSelector('body[data-hydrated="true"]');
  spot = await chartDay(desk, '#chart-daily .wide svg', 'x1');
  await desk.mouse.move(spot.x, spot.y);
  await desk.locator('#tip:not([hidden])').waitFor();
  assert.match(await desk.locator('#tip').innerText(), /^01\/06\/2021: Applications collected [\d,]+ · Cards produced /);
  await desk.mouse.move(5, 5);
  await desk.locator('#tip').waitFor({ state: 'hidden' });
  await desk.close();
});

test('on a phone, a tap beside a small province still chooses it, and Tab follows the rankings', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${BASE}/map?date=2021-06-01`);
  await page.waitForSelector('body[data-hydrated="true"]');
  // Đà Nẵng's centre on screen, and a point 9 px to its east, off its outline, in the sea.
  const spot = await page.evaluate(() => {
    const svg = document.querySelector('#map svg.map');
    const a = svg.querySelector('a[data-code="48"]');
    const rect = svg.getBoundingClientRect();
    const scale = rect.width / Number(svg.getAttribute('viewBox').split(' ')[2]);
    const x = rect.left + Number(a.dataset.cx) * scale + 9;
    const y = rect.top + Number(a.dataset.cy) * scale;
    return { x, y, under: document.elementFromPoint(x, y)?.closest('a')?.dataset.code ?? null };
  });
  assert.notEqual(spot.under, '48', 'the point lies outside Đà Nẵng itself');
  await page.touchscreen.tap(spot.x, spot.y);
  await page.locator('#tip:not([hidden])').waitFor();
  assert.match(await page.locator('#tip').innerText(), /^Đà Nẵng: /);
  await page.touchscreen.tap(spot.x, spot.y);
  await page.waitForURL(/\/p\/48/);
  // Keyboards meet the provinces in rank order: the first link is the leader.
  const api = await (await fetch(`${BASE}/api/v1/rankings?date=2021-06-01`)).json();
  await page.goto(`${BASE}/map?date=2021-06-01`);
  const order = await page.locator('#map svg a[data-code]').evaluateAll((links) => links.map((a) => a.dataset.code));
  const ranked = api.units.filter((u) => u.rank != null).map((u) => u.code);
  assert.deepEqual(order.slice(0, ranked.length), ranked);
  await context.close();
});
