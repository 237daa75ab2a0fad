// Every screen, in Chinese, English and elder mode, portrait and landscape: a screenshot for the record,
// an axe-core accessibility check (no serious or critical violation), no scroll bar, touch targets ≥ 64 px.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  FACE_PHOTO, TECHNICIAN_PIN, clippedElements, noScrollBars, openKiosk, outputDir, shown, sleep, startKiosk,
} from './harness.mjs';

// Evaluated through the DevTools protocol: the kiosk's CSP rightly refuses injected script tags.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const shots = outputDir('screenshots');
let kiosk;

before(async () => { kiosk = await startKiosk({ camera: FACE_PHOTO, staffCard: true }); });
after(async () => { await kiosk?.close(); });

async function setVariant(page, variant) {
  const lang = await page.getAttribute('html', 'data-lang');
  if ((variant === 'en') !== (lang === 'en')) await page.click('[data-testid="lang-toggle"]');
  const elder = (await page.getAttribute('[data-testid="elder-toggle"]', 'aria-pressed')) === 'true';
  if ((variant === 'elder') !== elder) await page.click('[data-testid="elder-toggle"]');
}

async function check(page, name, variant, orientation) {
  await sleep(150); // let the card animation and fonts settle for the picture
  await page.screenshot({ path: join(shots, `${name}-${variant}-${orientation}.png`) });
  assert.ok(await noScrollBars(page), `${name} (${variant}, ${orientation}) shows no scroll bar`);
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(bad, [], `${name} (${variant}, ${orientation}) has accessibility violations`);
  const small = await page.evaluate(() => [...document.querySelectorAll('button')]
    .filter((b) => b.offsetParent !== null)
    .map((b) => ({ b, r: b.getBoundingClientRect() }))
    .filter(({ r }) => r.width < 63.5 || r.height < 63.5)
    .map(({ b, r }) => `${b.dataset.testid || b.id || b.className} ${Math.round(r.width)}x${Math.round(r.height)}`));
  assert.deepEqual(small, [], `${name} (${variant}, ${orientation}) touch targets under 64 px`);
  assert.deepEqual(await clippedElements(page), [], `${name} (${variant}, ${orientation}) has elements cut off`);
}

async function walkScreens(variant, { width, height }) {
  const orientation = width > height ? 'landscape' : 'portrait';
  const { page, errors, close } = await openKiosk(kiosk, { width, height });
  const at = (name) => check(page, name, variant, orientation);
  await setVariant(page, variant);
  await at('start');

  await page.click('[data-testid="start-ticket"]');
  await shown(page, 'categories');
  await at('categories');
  await page.click('[data-testid="category-social_security"]');
  await shown(page, 'ticket');
  const number = await page.textContent('[data-testid="ticket-number"]');
  await at('ticket');
  await page.click('[data-testid="screen-ticket"] [data-testid="back-button"]');
  await setVariant(page, variant);

  await page.click('[data-testid="start-ticket"]');
  while (!(await page.isVisible('[data-testid="category-tax"]'))) await page.click('[data-testid="categories-pager-next"]');
  await page.click('[data-testid="category-tax"]', { force: true });
  await shown(page, 'error');
  await at('error-closed');
  await page.click('[data-testid="screen-error"] [data-testid="back-button"]');

  await page.click('[data-testid="start-info"]');
  await shown(page, 'info');
  await at('info');
  await page.click('[data-testid="screen-info"] [data-action="home"]');

  // The window calls the ticket, then the citizen rates it.
  const window = (await (await fetch(`${kiosk.api}/catalog`)).json()).categories.find((c) => c.id === 'social_security').windows[0];
  const call = await fetch(`${kiosk.statusApi}/windows/${window}/call-next`,
    { method: 'POST', headers: { 'Content-Type': 'application/json' } });
  assert.equal(call.status, 200);
  await page.click('[data-testid="start-rate"]');
  await shown(page, 'rating');
  for (const key of number) await page.click(`#rating-keys [data-key="${key}"]`);
  await page.click('[data-testid="star-5"]');
  await at('rating');
  await page.click('[data-testid="rating-submit"]');
  await shown(page, 'rated');
  await at('rated');
  await page.click('[data-testid="screen-rated"] [data-testid="back-button"]');
  await setVariant(page, variant);

  await page.click('[data-testid="start-prereg"]');
  await shown(page, 'card');
  await at('card');
  kiosk.ctl('card', 'tap', 'resident');
  await shown(page, 'service');
  await at('service-categories');
  await page.click('[data-testid="service-category-real_estate"]');
  await page.waitForSelector('[data-testid="service-re-transfer"]');
  await at('service-items');
  // Marriage registration needs the face check: its screen, then back to choose another item.
  await page.click('[data-testid="service-search"]');
  for (const key of 'JH') await page.click(`#search-keys [data-key="${key}"]`);
  await page.click('[data-testid="service-ca-marriage"]');
  await shown(page, 'face');
  await page.waitForFunction(() => document.querySelector('[data-testid="face-preview"]').naturalWidth > 0);
  await at('face');
  await page.click('[data-testid="screen-face"] [data-action="prereg-back"]');
  await shown(page, 'service');
  await page.click('#search-keys [data-key="clear"]');
  for (const key of 'BDC') await page.click(`#search-keys [data-key="${key}"]`);
  await page.waitForSelector('[data-testid="service-re-transfer"]');
  await at('service-search');
  await page.click('[data-testid="service-re-transfer"]');
  await shown(page, 'materials');
  await at('materials');
  await page.click('[data-testid="materials-next"]');
  await shown(page, 'details');
  for (const key of '13912345678') await page.click(`#details-keys [data-key="${key}"]`);
  await page.click('[data-testid="field-property_certificate_no"]');
  for (const key of '2026001234567') await page.click(`#details-keys [data-key="${key}"]`);
  await at('details');
  await page.click('[data-testid="details-next"]');
  await shown(page, 'confirm');
  await at('confirm');
  await page.click('[data-testid="confirm-button"]');
  await shown(page, 'done');
  await at('done');
  kiosk.ctl('card', 'remove');
  await page.click('[data-testid="screen-done"] [data-testid="back-button"]');
  await setVariant(page, variant);

  kiosk.ctl('card', 'tap', 'staff');
  await shown(page, 'pin');
  kiosk.ctl('card', 'remove');
  for (const key of TECHNICIAN_PIN) await page.click(`#pin-keys [data-key="${key}"]`);
  await at('pin');
  await page.click('[data-testid="pin-enter"]');
  await shown(page, 'technician');
  await page.waitForSelector('[data-testid="tech-devices-printer"]');
  await at('technician');
  // Every device row is seen whole: none is cut off by the body that holds the tables.
  const clipped = await page.evaluate(() => {
    const body = document.getElementById('tech-devices').closest('.tech-body').getBoundingClientRect();
    return [...document.querySelectorAll('#tech-devices tr')]
      .filter((row) => row.getBoundingClientRect().bottom > body.bottom + 1)
      .map((row) => row.dataset.testid);
  });
  assert.deepEqual(clipped, [], `technician (${variant}, ${orientation}): device rows cut off`);
  await page.click('[data-testid="tech-exit"]');
  await shown(page, 'start');

  assert.deepEqual(errors, []);
  await close();
}

for (const variant of ['zh', 'en', 'elder']) {
  test(`every screen in portrait, ${variant}`, async () => {
    await walkScreens(variant, { width: 1080, height: 1920 });
  });
}

test('every screen in landscape, zh', async () => {
  await walkScreens('zh', { width: 1920, height: 1080 });
});
