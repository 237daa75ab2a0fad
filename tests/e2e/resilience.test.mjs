// What a kiosk must survive on its own: a citizen walking away mid-flow, the printer running out of paper
// mid-flow, yicid restarting under an open screen, and a damaged database.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { openKiosk, shown, sleep, startKiosk } from './harness.mjs';

const IDLE_S = 15;
let kiosk;
before(async () => { kiosk = await startKiosk({ idleTimeoutS: IDLE_S }); });
after(async () => { await kiosk?.close(); });

const sessionActive = async () => (await (await fetch(`${kiosk.api}/session`)).json()).active;

async function toDetails(page, card) {
  await page.click('[data-testid="start-prereg"]');
  await shown(page, 'card');
  kiosk.ctl('card', 'tap', card);
  await shown(page, 'service');
  await page.click('[data-testid="service-category-real_estate"]');
  await page.click('[data-testid="service-re-records-query"]');
  await shown(page, 'materials');
  await page.click('[data-testid="materials-next"]');
  await shown(page, 'details');
}

test('walking away: a 10-second countdown, then the session and the name are gone', async () => {
  const { page, close } = await openKiosk(kiosk);
  await toDetails(page, 'longterm');
  for (const key of '1391234') await page.click(`#details-keys [data-key="${key}"]`);
  assert.ok(await sessionActive());
  await page.waitForSelector('[data-testid="idle-overlay"]:not([hidden])', { timeout: (IDLE_S - 10 + 2) * 1000 });
  const left = Number((await page.textContent('[data-testid="idle-count"]')).match(/\d+/)[0]);
  assert.ok(left >= 8 && left <= 10, `the countdown starts at 10 s (saw ${left})`);
  const cleared = Date.now();
  await shown(page, 'start');
  assert.ok(Date.now() - cleared > 7000, 'the screen waited out the countdown');
  assert.equal(await sessionActive(), false);
  const dom = await page.evaluate(() => document.documentElement.outerHTML);
  assert.doesNotMatch(dom, /李秀英|李\*|1391234/);
  kiosk.ctl('card', 'remove');
  await close();
});

test('a touch during the countdown keeps the citizen where they were', async () => {
  const { page, close } = await openKiosk(kiosk);
  await toDetails(page, 'longterm');
  await page.waitForSelector('[data-testid="idle-overlay"]:not([hidden])', { timeout: (IDLE_S - 10 + 2) * 1000 });
  await page.click('[data-testid="idle-continue"]');
  assert.ok(await page.isHidden('[data-testid="idle-overlay"]'));
  await sleep(1000);
  assert.ok(await page.isVisible('[data-testid="screen-details"]'));
  assert.ok(await sessionActive(), 'the touch reached the daemon too');
  await page.click('[data-action="prereg-cancel"] >> visible=true');
  await shown(page, 'start');
  assert.equal(await sessionActive(), false);
  kiosk.ctl('card', 'remove');
  await close();
});

test('out of paper mid-flow: plain guidance at once, and the citizen can finish once paper is back', async () => {
  const { page, close } = await openKiosk(kiosk);
  await toDetails(page, 'resident');
  for (const key of '13912345678') await page.click(`#details-keys [data-key="${key}"]`);
  await page.click('[data-testid="details-next"]');
  await shown(page, 'confirm');
  kiosk.ctl('paper', 'out');
  await page.waitForSelector('[data-testid="device-banner"]:not([hidden])', { timeout: 5000 });
  assert.match(await page.textContent('[data-testid="device-banner"]'), /缺纸.*预登记窗口/);
  await page.click('[data-testid="confirm-button"]');
  await page.waitForSelector('[data-testid="confirm-message"]:not([hidden])');
  assert.match(await page.textContent('[data-testid="confirm-message"]'), /缺纸.*预登记窗口[\s\S]*out of paper/);
  kiosk.ctl('paper', 'ok');
  await page.waitForSelector('[data-testid="device-banner"]', { state: 'hidden', timeout: 5000 });
  await page.click('[data-testid="confirm-button"]');
  await shown(page, 'done');
  kiosk.ctl('card', 'remove');
  await close();
});

test('yicid restarts under an open screen: the screen says so, then recovers by itself', async () => {
  const { page, errors, close } = await openKiosk(kiosk);
  await page.evaluate(() => { window.sameDocument = true; });
  await kiosk.stopYicid();
  await page.waitForSelector('[data-testid="link-banner"]:not([hidden])', { timeout: 8000 });
  await page.click('[data-testid="start-ticket"]');
  await page.click('[data-testid="category-civil_affairs"]');
  await shown(page, 'error'); // a tap while it is down gets words, not a browser error page
  assert.match(await page.textContent('[data-testid="error-message-zh"]'), /暂时无法连接/);
  await kiosk.startYicid();
  await page.waitForSelector('[data-testid="link-banner"]', { state: 'hidden', timeout: 10000 });
  await page.click('[data-testid="screen-error"] [data-testid="back-button"]');
  await page.click('[data-testid="start-ticket"]');
  await page.click('[data-testid="category-civil_affairs"]');
  await shown(page, 'ticket');
  assert.ok(await page.evaluate(() => window.sameDocument), 'no reload, no error page');
  // A card tapped after the restart reaches the screen: the event stream reconnected.
  await page.click('[data-testid="screen-ticket"] [data-testid="back-button"]');
  kiosk.ctl('card', 'tap', 'resident');
  await shown(page, 'service');
  kiosk.ctl('card', 'remove');
  assert.deepEqual(errors, []);
  await close();
});

// Last: it leaves the kiosk's database damaged until it puts a new one in place.
test('a damaged database: the open screen says where to go and offers nothing, then serves again', async () => {
  const { page, close } = await openKiosk(kiosk);
  await page.click('[data-testid="start-ticket"]');
  await shown(page, 'categories');
  await kiosk.stopYicid();
  const db = join(kiosk.dir, 'data', 'yici.db');
  const file = openSync(db, 'r+');
  writeSync(file, Buffer.alloc(512, 0xa5), 0, 512, 4096); // page 2, the tickets table: a sector the disk lost
  closeSync(file);
  await kiosk.startYicid();
  await shown(page, 'start');
  await page.waitForSelector('[data-testid="start-tiles"]', { state: 'hidden', timeout: 10000 });
  assert.match(await page.textContent('#start-notice'), /本机暂停服务，请到入口预登记窗口取号办理。/);
  assert.ok(await page.isHidden('[data-testid="link-banner"]'), 'it answers: no "reconnecting"');
  await kiosk.stopYicid();
  for (const f of ['yici.db', 'yici.db-wal', 'yici.db-shm']) rmSync(join(kiosk.dir, 'data', f), { force: true });
  await kiosk.startYicid();
  await page.waitForSelector('[data-testid="start-tiles"]', { state: 'visible', timeout: 15000 });
  assert.ok(await page.isHidden('#start-notice'));
  await close();
});
