// The technician screen: hidden behind five taps on the hall name and the board's PIN; shows the
// devices and prints a test ticket on the real printer path.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TECHNICIAN_PIN, openKiosk, shown, sleep, startKiosk, waitFor } from './harness.mjs';

let kiosk;
before(async () => { kiosk = await startKiosk(); });
after(async () => { await kiosk?.close(); });

async function tapHallName(page, times) {
  for (let i = 0; i < times; i += 1) await page.click('[data-testid="hall-name"]');
}

async function typePin(page, pin) {
  for (const key of pin) await page.click(`#pin-keys [data-key="${key}"]`);
  await page.click('[data-testid="pin-enter"]');
}

test('four taps on the hall name do nothing; five open the PIN pad', async () => {
  const { page, close } = await openKiosk(kiosk);
  await tapHallName(page, 4);
  await sleep(300);
  assert.ok(await page.isVisible('[data-testid="screen-start"]'));
  await tapHallName(page, 1);
  await shown(page, 'pin');
  await page.click('[data-testid="pin-cancel"]');
  await shown(page, 'start');
  await close();
});

test('a wrong PIN is refused in plain words; the right one shows device health and prints a test ticket', async () => {
  const { page, errors, close } = await openKiosk(kiosk);
  await tapHallName(page, 5);
  await shown(page, 'pin');
  await typePin(page, '000000');
  await page.waitForSelector('[data-testid="pin-message"]:not([hidden])');
  assert.match(await page.textContent('[data-testid="pin-message"]'), /维护密码错误/);
  assert.ok(await page.isVisible('[data-testid="screen-pin"]'));

  await typePin(page, TECHNICIAN_PIN);
  await shown(page, 'technician');
  await page.waitForSelector('[data-testid="tech-devices-printer"]');
  assert.match(await page.textContent('[data-testid="tech-devices-printer"]'), /printer\s*ok/);
  assert.match(await page.textContent('[data-testid="tech-identity"]'), /^e2e-k01 · /);

  const printed = kiosk.tickets().length;
  await page.click('[data-testid="tech-print"]');
  await waitFor('the test ticket PNG', () => kiosk.tickets().length === printed + 1);
  await page.waitForSelector('[data-testid="tech-message"]:not([hidden])');
  assert.match(await page.textContent('[data-testid="tech-message"]'), /测试票已打印/);

  await page.click('[data-testid="tech-exit"]');
  await shown(page, 'start');
  // Leaving the screen ends the technician session on the server too.
  const status = await page.evaluate(async () => (await fetch('/api/v1/technician/status')).status);
  assert.equal(status, 401);
  assert.deepEqual(errors, []);
  await close();
});
