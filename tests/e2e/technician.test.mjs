// The technician screen: opened by a registered staff card's tap and the board's PIN; shows the devices and
// prints a test ticket on the real printer path. Taps on the screen alone open nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TECHNICIAN_PIN, openKiosk, outputDir, shown, sleep, startKiosk, waitFor } from './harness.mjs';

let kiosk;
before(async () => { kiosk = await startKiosk({ staffCard: true }); });
after(async () => { await kiosk?.close(); });

async function typePin(page, pin) {
  for (const key of pin) await page.click(`#pin-keys [data-key="${key}"]`);
  await page.click('[data-testid="pin-enter"]');
}

test('taps on the hall name open nothing; a staff card opens the PIN pad, a citizen card the form', async () => {
  const { page, close } = await openKiosk(kiosk);
  for (let i = 0; i < 5; i += 1) await page.click('[data-testid="hall-name"]');
  await sleep(300);
  assert.ok(await page.isVisible('[data-testid="screen-start"]'));
  kiosk.ctl('card', 'tap', 'staff');
  await shown(page, 'pin');
  assert.match(await page.textContent('[data-testid="screen-pin"] .prompt'), /一分钟内/);
  kiosk.ctl('card', 'remove');
  await page.click('[data-testid="pin-cancel"]');
  await shown(page, 'start');
  await close();
});

test('a wrong PIN is refused in plain words; the right one shows device health and prints a test ticket', async () => {
  const { page, errors, close } = await openKiosk(kiosk);
  kiosk.ctl('card', 'tap', 'staff');
  await shown(page, 'pin');
  kiosk.ctl('card', 'remove');
  await typePin(page, '000000');
  await page.waitForSelector('[data-testid="pin-message"]:not([hidden])');
  assert.match(await page.textContent('[data-testid="pin-message"]'), /维护密码错误/);
  assert.ok(await page.isVisible('[data-testid="screen-pin"]'));

  await typePin(page, TECHNICIAN_PIN);
  await shown(page, 'technician');
  await page.waitForSelector('[data-testid="tech-devices-printer"]');
  assert.match(await page.textContent('[data-testid="tech-devices-printer"]'), /printer\s*ok/);
  assert.match(await page.textContent('[data-testid="tech-identity"]'), /^e2e-k01 · /);

  // A fault says what to do about it; once gone, its row in the faults says when it cleared.
  kiosk.ctl('cover', 'open');
  await waitFor('the cover fault', async () => {
    await page.click('#tech-refresh');
    return /printer_cover_open/.test(await page.textContent('[data-testid="tech-devices-printer"]'));
  }, 8000);
  assert.match(await page.textContent('[data-testid="tech-devices-printer"] [data-testid="tech-fix"]'), /合上打印机盖[\s\S]*Close the printer cover/);
  await page.screenshot({ path: join(outputDir('screenshots'), 'technician-fault-zh-portrait.png') });
  const coverFault = page.locator('[data-testid="tech-faults-printer"]', { hasText: 'printer_cover_open' }).first();
  await waitFor('the fault listed', async () => {
    await page.click('#tech-refresh');
    return (await coverFault.count()) > 0;
  }, 8000);
  assert.match(await coverFault.textContent(), /未恢复/);
  kiosk.ctl('cover', 'close');
  await waitFor('the fault cleared', async () => {
    await page.click('#tech-refresh');
    return /\d\d:\d\d:\d\d$/.test((await coverFault.textContent()).trim());
  }, 8000);

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

// A pre-registration without a card that declares a disability, through the citizen API: its ticket's number.
async function claimedTicket() {
  const post = async (path, body = {}) => {
    const res = await fetch(`${kiosk.api}${path}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    assert.ok(res.ok, `${path}: ${res.status}`);
    return res.json().catch(() => ({}));
  };
  await post('/session/no-card');
  await post('/session/service', { service_id: 'hr-contribution-certificate' });
  await post('/session/materials', { have: [] });
  await post('/session/details', { mobile: '13800138000', disabled: true });
  const { ticket } = await post('/registrations');
  assert.equal(ticket.priority_claim, true);
  return ticket.number;
}

test('the staff member logged in confirms a claimed priority at the kiosk, once', async () => {
  const number = await claimedTicket();
  const { page, errors, close } = await openKiosk(kiosk);
  kiosk.ctl('card', 'tap', 'staff');
  await shown(page, 'pin');
  kiosk.ctl('card', 'remove');
  await typePin(page, TECHNICIAN_PIN);
  await shown(page, 'technician');
  await page.click('[data-testid="tech-priority"]');
  await shown(page, 'priority');
  for (const key of number) await page.click(`#priority-keys [data-key="${key}"]`);
  assert.equal(await page.textContent('[data-testid="priority-ticket"]'), number);
  await page.click('[data-testid="priority-confirm"]');
  await page.waitForSelector('[data-testid="priority-message"]:not([hidden])');
  assert.match(await page.textContent('[data-testid="priority-message"]'), new RegExp(`${number} 已核验为优先`));
  // A second confirmation of the same ticket is refused in plain words.
  for (const key of number) await page.click(`#priority-keys [data-key="${key}"]`);
  await page.click('[data-testid="priority-confirm"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="priority-message"]').textContent.includes('没有待核验'));
  await page.click('[data-testid="priority-back"]');
  await shown(page, 'technician');
  await page.click('[data-testid="tech-exit"]');
  await shown(page, 'start');
  assert.deepEqual(errors, []);
  await close();
});
