// The touch UI's speed as the browser sees it (Performance API), over 20 runs against the real stack:
// navigation start to the start screen being interactive (mark yici:start-interactive, set once the
// catalog is drawn and the buttons are live), and a tap on a category to the ticket drawn (measure
// yici:tap-to-ticket, from the tap's event time to the next frame after the ticket screen is shown).
// Every run opens a fresh browser context, so nothing comes from a warm HTTP cache.
import { openKiosk, shown, startKiosk } from '../tests/e2e/harness.mjs';

const RUNS = Number(process.argv[2] ?? 20);
const TARGET_LOAD_MS = 500;
const TARGET_TAP_MS = 300;

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const kiosk = await startKiosk({ idleTimeoutS: 120 });
const load = [];
const tap = [];
try {
  for (let run = 0; run < RUNS; run += 1) {
    const { page, close } = await openKiosk(kiosk);
    load.push(await page.evaluate(() => performance.getEntriesByName('yici:start-interactive')[0].startTime));
    await page.click('[data-testid="start-ticket"]');
    await shown(page, 'categories');
    await page.click('[data-testid="category-social_security"]');
    await page.waitForFunction(() => performance.getEntriesByName('yici:tap-to-ticket').length > 0);
    tap.push(await page.evaluate(() => performance.getEntriesByName('yici:tap-to-ticket')[0].duration));
    await close();
  }
} finally {
  await kiosk.close();
}

const row = (name, values, target) => {
  const p95 = percentile(values, 95);
  return `${name.padEnd(32)} p50 ${percentile(values, 50).toFixed(1).padStart(7)} ms   p95 ${p95.toFixed(1).padStart(7)} ms`
    + `   max ${Math.max(...values).toFixed(1).padStart(7)} ms   target p95 < ${target} ms: ${p95 < target ? 'met' : 'MISSED'}`;
};
if (process.env.YICI_BENCH_VERBOSE) console.log({ load, tap });
console.log(`ui_load: ${RUNS} runs, portrait 1080x1920, headless /usr/bin/chromium`);
console.log(row('navigation -> start interactive', load, TARGET_LOAD_MS));
console.log(row('tap -> ticket shown', tap, TARGET_TAP_MS));
