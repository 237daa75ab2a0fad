// Pre-registration by touch with a virtual ID-card tap, English and back, and elder mode.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openKiosk, shown, sleep, startKiosk, ticketQr, waitFor } from './harness.mjs';

let kiosk;
before(async () => { kiosk = await startKiosk(); });
after(async () => { await kiosk?.close(); });

const keys = async (page, pad, text) => {
  for (const key of text) await page.click(`#${pad} [data-key="${key}"]`);
};

test('a card tap, a pinyin search and four steps print a ticket with the pre-registration code', async () => {
  const { page, errors, close } = await openKiosk(kiosk);
  await page.click('[data-testid="start-prereg"]');
  await shown(page, 'card');
  kiosk.ctl('card', 'tap', 'resident');
  await shown(page, 'service');
  assert.match(await page.textContent('[data-testid="greeting"]'), /您好，张\*/);
  await page.click('[data-testid="service-search"]');
  await keys(page, 'search-keys', 'BDC');
  assert.equal(await page.textContent('[data-testid="search-query"]'), 'bdc');
  await page.click('[data-testid="service-re-transfer"]');
  await shown(page, 'materials');
  // The card on the reader is the ID card to bring: ticked, and a tap does not untick it.
  assert.equal(await page.getAttribute('[data-testid="material-id_card"]', 'aria-pressed'), 'true');
  await page.click('[data-testid="material-id_card"]', { force: true });
  assert.equal(await page.getAttribute('[data-testid="material-id_card"]', 'aria-pressed'), 'true');
  assert.match(await page.textContent('[data-testid="material-id_card_copy"]'), /大厅现场提供/);
  await page.click('[data-testid="materials-next"]');
  await shown(page, 'details');

  await keys(page, 'details-keys', '1391234');
  await page.click('[data-testid="details-next"]'); // too short: the API's own words, on this screen
  await page.waitForSelector('[data-testid="details-message"]:not([hidden])');
  assert.match(await page.textContent('[data-testid="details-message"]'), /手机号/);
  await keys(page, 'details-keys', '5678');
  await page.click('[data-testid="field-property_certificate_no"]');
  await keys(page, 'details-keys', '2026001234567');
  // A declared need is a claim: the screen says staff confirm it, and the ticket waits for them.
  assert.match(await page.textContent('[data-testid="screen-details"]'), /优先办理需工作人员核验/);
  await page.click('[data-testid="details-disabled"]');
  await page.click('[data-testid="details-next"]');
  await shown(page, 'confirm');
  assert.equal(await page.textContent('[data-testid="confirm-name"]'), '张三');
  const summary = await page.textContent('#confirm-summary');
  assert.match(summary, /330324\*{8}1230/);
  assert.match(summary, /139\*{4}5678/);
  assert.doesNotMatch(summary, /330324198506121230|13912345678/);
  assert.match(await page.textContent('#confirm-missing'), /不动产权证书/);
  assert.doesNotMatch(await page.textContent('#confirm-missing'), /身份证/); // read here, or copied here

  const before = kiosk.tickets().length;
  await page.dblclick('[data-testid="confirm-button"]');
  await shown(page, 'done');
  const number = await page.textContent('[data-testid="done-number"]');
  const code = await page.textContent('[data-testid="done-code"]');
  assert.match(number, /^B\d{3}$/);
  assert.match(code, /^[A-HJKMNP-Z2-9]{6}$/);
  assert.match(await page.textContent('#done-priority'), /优先待核验/);
  await waitFor('the printed PNG', () => kiosk.tickets().length === before + 1);
  assert.deepEqual(ticketQr(join(kiosk.printed, kiosk.tickets().at(-1))), { number, code });
  kiosk.ctl('card', 'remove');
  assert.deepEqual(errors, []);
  await close();
});

test('English is one tap away, and back to Chinese', async () => {
  const { page, close } = await openKiosk(kiosk);
  // The language shown first is the one set in large type.
  const primary = (testid) => page.evaluate((id) => {
    const spans = [...document.querySelectorAll(`[data-testid="${id}"] .tile-text > span`)];
    const size = (e) => parseFloat(getComputedStyle(e).fontSize);
    return spans.sort((a, b) => size(b) - size(a))[0].textContent;
  }, testid);
  assert.equal(await primary('start-ticket'), '排队取号');
  await page.click('[data-testid="lang-toggle"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await primary('start-ticket'), 'Take a queue ticket');
  await page.click('[data-testid="start-info"]');
  await shown(page, 'info');
  assert.match(await page.textContent('[data-testid="info-real_estate"]'), /Real estate registration/);
  await page.click('[data-testid="screen-info"] [data-action="home"]');
  await page.click('[data-testid="lang-toggle"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await primary('start-ticket'), '排队取号');
  await close();
});

test('an elderly card suggests elder mode: larger type, fewer items per screen', async () => {
  const { page, close } = await openKiosk(kiosk);
  const bodyPx = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  assert.ok(await bodyPx() < 40);
  await page.click('[data-testid="start-prereg"]');
  kiosk.ctl('card', 'tap', 'elderly');
  await page.waitForSelector('[data-testid="elder-suggest"]:not([hidden])');
  // The screen switches at once and tells the daemon in the background: the session is read after its answer.
  const told = page.waitForResponse((r) => r.url().endsWith('/api/v1/session/elder-mode'));
  await page.click('[data-testid="elder-yes"]');
  assert.equal((await told).status(), 204);
  assert.equal(await page.getAttribute('[data-testid="elder-toggle"]', 'aria-pressed'), 'true');
  assert.ok(await bodyPx() >= 32, 'elder mode body text is at least 32 px');
  const session = await (await fetch(`${kiosk.api}/session`)).json();
  assert.equal(session.idle_timeout_s, 120, 'the daemon gives an elder twice the time');
  await page.click('[data-testid="service-category-real_estate"]');
  await page.waitForSelector('#service-list .service');
  assert.ok(await page.locator('#service-list .service').count() <= 5);
  // Once read, the card may be lifted: the citizen carries on, and cancels.
  kiosk.ctl('card', 'remove');
  await sleep(1200); // the reader is polled every 100 ms; the screen must not move
  assert.ok(await page.isVisible('[data-testid="screen-service"]'));
  assert.equal((await (await fetch(`${kiosk.api}/session`)).json()).active, true);
  await page.click('[data-testid="screen-service"] [data-action="prereg-cancel"]');
  await shown(page, 'start');
  assert.equal(await page.getAttribute('[data-testid="elder-toggle"]', 'aria-pressed'), 'false'); // the next citizen
  await close();
});
