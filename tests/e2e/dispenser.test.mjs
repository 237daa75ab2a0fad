// The ticket screen follows the ticket in the dispenser's mouth: take it, thanks; leave it, it is taken back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openKiosk, shown, startKiosk } from './harness.mjs';

let kiosk;
before(async () => { kiosk = await startKiosk({ dispenser: { dialect: 'gs-e', takeTimeoutS: 5 } }); });
after(async () => { await kiosk?.close(); });

const TAKE_LINE = '[data-testid="screen-ticket"] .ticket-take';

async function takeTicket(page) {
  await page.click('[data-testid="start-ticket"]');
  await shown(page, 'categories');
  await page.click('[data-testid="category-commercial"]');
  await shown(page, 'ticket');
}

test('a ticket taken from the slot: the screen asks to take it, then thanks', async () => {
  kiosk.ctl('presenter', 'take');
  const { page, errors, close } = await openKiosk(kiosk);
  await takeTicket(page);
  await page.waitForFunction((sel) => /谢谢，请收好您的票/.test(document.querySelector(sel).textContent), TAKE_LINE);
  assert.deepEqual(errors, []);
  await close();
});

test('a ticket left in the slot: "please take your ticket" with no countdown, then it is taken back and the screen says where to go', async () => {
  kiosk.ctl('presenter', 'leave');
  const { page, errors, close } = await openKiosk(kiosk);
  await takeTicket(page);
  assert.match(await page.textContent(TAKE_LINE), /请取走您的票/);
  // The screen waits with the citizen: no countdown back to start while the ticket is in the slot.
  await page.waitForFunction(() => document.querySelector('[data-testid="screen-ticket"] .home-count').textContent === '');
  await page.waitForFunction((sel) => /号票未取走，已收回/.test(document.querySelector(sel).textContent), TAKE_LINE,
    { timeout: 12000 });
  assert.match(await page.textContent(TAKE_LINE), /pre-registration desk/);
  assert.match(await page.textContent('[data-testid="screen-ticket"] [data-testid="back-button"]'), /\d+ 秒后自动返回首页/);
  assert.match(kiosk.ctl('status'), /retracted=1/);
  assert.deepEqual(errors, []);
  await close();
});
