// Lighthouse's mobile run (its defaults: a Moto G-class phone, 4x CPU
// slowdown, simulated 1.6 Mbps / 150 ms) on each page, in Debian's Chromium.
// Usage: node lighthouse.mjs BASE_URL PATH... ; prints one line per run and
// the median score per page.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const [base, ...paths] = process.argv.slice(2);
const RUNS = Number(process.env.RUNS ?? 3);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const ms = (audit) => Math.round(audit.numericValue);
try {
  for (const path of paths) {
    const scores = [];
    for (let i = 0; i < RUNS; i++) {
      const result = await lighthouse(base + path, { port: chrome.port, onlyCategories: ['performance'], output: 'json', logLevel: 'error' });
      const { categories, audits } = result.lhr;
      const score = Math.round(categories.performance.score * 100);
      scores.push(score);
      console.log(`${path} run ${i + 1}: score ${score} · FCP ${ms(audits['first-contentful-paint'])} ms · LCP ${ms(audits['largest-contentful-paint'])} ms · TBT ${ms(audits['total-blocking-time'])} ms · SI ${ms(audits['speed-index'])} ms · CLS ${audits['cumulative-layout-shift'].numericValue.toFixed(3)} · bytes ${audits['total-byte-weight'].numericValue}`);
    }
    scores.sort((a, b) => a - b);
    console.log(`${path}: median score ${scores[Math.floor(scores.length / 2)]} of ${RUNS} runs`);
  }
} finally {
  await chrome.kill();
}
