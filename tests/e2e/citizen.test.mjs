// The long way, as a citizen walks it on the shipped hall (66 items): no search, a category, an item on a later
// page, in Chinese, English and elder mode, portrait and landscape; nothing on any screen cut off; the
// one-time list of what to bring on the done screen and on the paper; the card taken back; and every way back
// to the start leaves Chinese and normal mode for the next citizen.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { clippedElements, openKiosk, outputDir, shown, sleep, startKiosk, waitFor } from './harness.mjs';

const shots = outputDir('screenshots');
const slips = outputDir('slips');
let kiosk;
let catalog;

before(async () => {
  kiosk = await startKiosk({ hall: 'yongjia' });
  catalog = await (await fetch(`${kiosk.api}/catalog`)).json();
});
after(async () => { await kiosk?.close(); });

async function setVariant(page, variant) {
  if (variant === 'en') await page.click('[data-testid="lang-toggle"]');
  if (variant === 'elder') await page.click('[data-testid="elder-toggle"]');
}

// The next citizen's screen: Chinese, normal mode.
async function freshStart(page) {
  await shown(page, 'start');
  assert.equal(await page.getAttribute('html', 'data-lang'), 'zh');
  assert.equal(await page.getAttribute('[data-testid="elder-toggle"]', 'aria-pressed'), 'false');
}

// A paged list's items ({id: test id, text}), page by page (the pager's "next" until it is disabled).
async function everyPage(page, list, pager) {
  const items = [];
  for (;;) {
    items.push(...await page.locator(`#${list} > *`).evaluateAll((l) => l.map((e) => ({ id: e.dataset.testid, text: e.textContent }))));
    const next = page.locator(`[data-testid="${pager}-next"]`);
    if (!(await next.isVisible()) || await next.isDisabled()) return items;
    await next.click();
  }
}

// Types what an item's fields need on the details keypad (digits, or letters for text).
async function fillFields(page, service) {
  for (const key of '13912345678') await page.click(`#details-keys [data-key="${key}"]`);
  for (const id of service.fields) {
    const field = catalog.fields[id];
    await page.click(`[data-testid="field-${id}"]`);
    const key = field.kind === 'digits' ? '7' : 'A';
    for (let i = 0; i < Math.max(field.min_length, 2); i++) await page.click(`#details-keys [data-key="${key}"]`);
  }
}

async function walk(variant, { width, height }, category, later) {
  const orientation = width > height ? 'landscape' : 'portrait';
  const label = `${variant}, ${orientation}`;
  const { page, errors, close } = await openKiosk(kiosk, { width, height });
  const look = async (name) => {
    await sleep(150);
    await page.screenshot({ path: join(shots, `walk-${name}-${variant}-${orientation}.png`) });
    assert.deepEqual(await clippedElements(page), [], `${name} (${label}): cut off`);
  };
  kiosk.ctl('card', 'remove'); // a test that failed may have left its card and session
  await fetch(`${kiosk.api}/session`, { method: 'DELETE' });
  await setVariant(page, variant);
  await page.click('[data-testid="start-prereg"]');
  await shown(page, 'card');
  kiosk.ctl('card', 'tap', 'resident');
  await shown(page, 'service');

  // The categories first, the same six as the ticket screen.
  const tiles = await page.locator('#service-categories .category').evaluateAll((b) => b.map((e) => e.dataset.id));
  assert.deepEqual(tiles, catalog.categories.map((c) => c.id), label);
  await look('service-categories');
  await page.click(`[data-testid="service-category-${category}"]`);
  await page.waitForSelector('#service-list .service');
  const onPage = () => page.locator('#service-list .service').evaluateAll((b) => b.map((e) => e.dataset.id));
  await look('service-items');
  const first = await onPage();
  if (orientation === 'portrait') assert.ok(first.length >= (variant === 'elder' ? 3 : 5), `${label}: ${first.length} items on a page`);
  const inCategory = catalog.services.filter((s) => s.category === category).map((s) => s.id);
  assert.deepEqual(first, inCategory.slice(0, first.length), `${label}: the category's items, in order`);

  // An item on page 1, or on a later page found by paging, not by search.
  if (later) {
    await page.click('[data-testid="service-pager-next"]');
    await waitFor('page 2', async () => (await onPage())[0] === inCategory[first.length]);
    await look('service-items-page2');
  }
  const shownNow = await onPage();
  const service = catalog.services.find((s) => shownNow.includes(s.id) && !s.face_check);
  assert.ok(service, `${label}: an item without a face check on the page`);
  await page.click(`[data-testid="service-${service.id}"]`);
  await shown(page, 'materials');
  await look('materials');
  // The card read is the ID card: ticked and locked. What the hall provides is said so, never missing.
  const bring = service.materials.map((id) => ({ id, ...catalog.materials[id] }));
  for (const m of bring) {
    const item = page.locator(`[data-testid="material-${m.id}"]`);
    if (!(await item.isVisible())) continue; // on another page of the checklist
    if (m.card_proves || m.hall_can_copy) {
      assert.equal(await item.getAttribute('aria-pressed'), 'true', `${label}: ${m.id} ticked`);
      assert.equal(await item.getAttribute('aria-disabled'), 'true', `${label}: ${m.id} locked`);
    }
  }
  await page.click('[data-testid="materials-next"]');
  await shown(page, 'details');
  await fillFields(page, service);
  await look('details');
  await page.click('[data-testid="details-next"]');
  await shown(page, 'confirm');
  const missing = bring.filter((m) => !m.card_proves && !m.hall_can_copy);
  await look('confirm');
  const listed = await page.locator('#confirm-missing-list > li').evaluateAll((l) => l.map((e) => e.dataset.testid));
  assert.deepEqual(listed, missing.map((m) => `confirm-missing-${m.id}`), label);

  const before = kiosk.tickets().length;
  await page.click('[data-testid="confirm-button"]');
  await shown(page, 'done');
  // The one-time list again, with where to get each and the hall's phone; the card is still on the reader.
  assert.ok(await page.isVisible('[data-testid="card-reminder"]'), `${label}: take your card`);
  await look('done');
  assert.ok((await page.textContent('#done-missing-title')).includes(catalog.hall.service_phone), `${label}: the phone`);
  const told = await everyPage(page, 'done-missing-list', 'done-missing-pager');
  assert.deepEqual(told.map((i) => i.id), missing.map((m) => `done-missing-${m.id}`), label);
  missing.forEach((m, i) => {
    assert.ok(told[i].text.includes(m.name_zh) && told[i].text.includes(m.where_zh ?? ''), `${label}: ${m.id} and where`);
  });
  await waitFor('the printed ticket', () => kiosk.tickets().length === before + 1);
  copyFileSync(join(kiosk.printed, kiosk.tickets().at(-1)), join(slips, `preregistration-${variant}-${orientation}.png`));
  kiosk.ctl('card', 'remove');
  await page.waitForSelector('[data-testid="card-reminder"]', { state: 'hidden' });
  await page.click('[data-testid="screen-done"] [data-testid="back-button"]');
  await freshStart(page);
  assert.deepEqual(errors, []);
  await close();
}

// Each walk its own category: the same card, item and day would get the first walk's registration again.
for (const [variant, size, category, page] of [['zh', 'portrait', 'commercial', 2], ['elder', 'portrait', 'real_estate', 1],
  ['en', 'portrait', 'social_security', 2], ['zh', 'landscape', 'civil_affairs', 1], ['elder', 'landscape', 'tax', 2]]) {
  test(`the long way to a pre-registration ticket, ${variant}, ${size}, an item on page ${page}`, async () => {
    await walk(variant, size === 'portrait' ? { width: 1080, height: 1920 } : { width: 1920, height: 1080 }, category, page > 1);
  });
}

test('every way back to the start is Chinese and normal mode for the next citizen', async () => {
  kiosk.ctl('card', 'remove');
  await fetch(`${kiosk.api}/session`, { method: 'DELETE' });
  const { page, errors, close } = await openKiosk(kiosk);
  const english = async () => {
    await page.click('[data-testid="lang-toggle"]');
    await page.click('[data-testid="elder-toggle"]');
  };
  // Cancel.
  await english();
  await page.click('[data-testid="start-prereg"]');
  kiosk.ctl('card', 'tap', 'resident');
  await shown(page, 'service');
  kiosk.ctl('card', 'remove');
  await page.click('[data-testid="screen-service"] [data-action="prereg-cancel"]');
  await freshStart(page);
  // An error: the printer out of paper under a tap. Its button (as a citizen who reads it taps it) or its
  // countdown leads back.
  await english();
  kiosk.ctl('paper', 'out');
  await page.click('[data-testid="start-ticket"]');
  await page.click('#categories .category');
  await shown(page, 'error');
  kiosk.ctl('paper', 'ok');
  await page.click('[data-testid="screen-error"] [data-testid="back-button"]');
  await freshStart(page);
  assert.deepEqual(errors, []);
  await close();
});
