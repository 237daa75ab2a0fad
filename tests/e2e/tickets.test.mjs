// Taking a queue ticket by touch, in Debian's Chromium against the real yicid and yici-devsim.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { noScrollBars, openKiosk, shown, sleep, startKiosk, ticketQr, waitFor } from './harness.mjs';

let kiosk;
before(async () => { kiosk = await startKiosk(); });
after(async () => { await kiosk?.close(); });

async function takeTicket(page, category) {
  await page.click('[data-testid="start-ticket"]');
  await shown(page, 'categories');
  await page.click(`[data-testid="category-${category}"]`);
}

test('a tap prints a ticket whose QR code carries the number shown on screen', async () => {
  const { page, errors, close } = await openKiosk(kiosk);
  assert.match(await page.textContent('header'), /测试行政服务中心/);
  const before = kiosk.tickets().length;
  await takeTicket(page, 'real_estate');
  await shown(page, 'ticket');
  const number = await page.textContent('[data-testid="ticket-number"]');
  assert.match(number, /^B\d{3}$/);
  assert.match(await page.textContent('[data-testid="ticket-window"]'), /4\/5/);
  await waitFor('the printed PNG', () => kiosk.tickets().length === before + 1);
  assert.equal(ticketQr(join(kiosk.printed, kiosk.tickets().at(-1))).number, number);
  assert.ok(await noScrollBars(page));
  await page.click('[data-testid="screen-ticket"] [data-testid="back-button"]');
  await shown(page, 'start');
  assert.deepEqual(errors, []);
  await close();
});

test('a double tap on a category prints exactly one ticket', async () => {
  const { page, close } = await openKiosk(kiosk);
  const before = kiosk.tickets().length;
  await page.click('[data-testid="start-ticket"]');
  await page.dblclick('[data-testid="category-commercial"]');
  await shown(page, 'ticket');
  await sleep(500);
  assert.equal(kiosk.tickets().length, before + 1);
  await close();
});

test('the result screen counts down and goes back to start by itself', async () => {
  const { page, close } = await openKiosk(kiosk);
  await takeTicket(page, 'civil_affairs');
  await shown(page, 'ticket');
  assert.match(await page.textContent('[data-testid="screen-ticket"] [data-testid="back-button"]'), /\d+ 秒后自动返回首页/);
  await page.waitForSelector('[data-testid="screen-start"]:not([hidden])', { timeout: 15000 });
  await close();
});

test('a closed category says when it opens and prints nothing', async () => {
  const { page, close } = await openKiosk(kiosk);
  const before = kiosk.tickets().length;
  await page.click('[data-testid="start-ticket"]');
  assert.match(await page.textContent('[data-testid="category-tax"]'), /08:30/);
  await page.click('[data-testid="category-tax"]', { force: true }); // aria-disabled, yet a finger may tap it
  await shown(page, 'error');
  await sleep(300);
  assert.equal(kiosk.tickets().length, before);
  await close();
});

test('out of paper: a banner sends citizens to the pre-registration desk before they even tap', async () => {
  const { page, close } = await openKiosk(kiosk);
  kiosk.ctl('paper', 'out');
  await page.waitForSelector('[data-testid="device-banner"]:not([hidden])', { timeout: 5000 });
  assert.match(await page.textContent('[data-testid="device-banner"]'), /缺纸.*预登记窗口[\s\S]*out of paper/);
  await takeTicket(page, 'real_estate');
  await shown(page, 'error');
  assert.match(await page.textContent('[data-testid="error-message-zh"]'), /缺纸.*预登记窗口/);
  assert.match(await page.textContent('[data-testid="error-message-en"]'), /out of paper/);
  kiosk.ctl('paper', 'ok');
  await page.waitForSelector('[data-testid="device-banner"]', { state: 'hidden', timeout: 5000 });
  await close();
});

test('landscape 1920x1080 fits without scroll bars and still prints', async () => {
  const { page, close } = await openKiosk(kiosk, { width: 1920, height: 1080 });
  assert.ok(await noScrollBars(page));
  await takeTicket(page, 'social_security');
  await shown(page, 'ticket');
  assert.match(await page.textContent('[data-testid="ticket-number"]'), /^C\d{3}$/);
  assert.ok(await noScrollBars(page));
  await close();
});
