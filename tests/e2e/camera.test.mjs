// The kiosk camera in the browser: a ticket's QR held up to it opens the rating for that ticket, and the face
// step shows the camera's picture with the daemon's plain instruction, with staff one tap away.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FACE_PHOTO, openKiosk, shown, startKiosk, waitFor } from './harness.mjs';

let kiosk;
before(async () => { kiosk = await startKiosk({ camera: FACE_PHOTO }); });
after(async () => { await kiosk?.close(); });

test('a printed ticket held up to the camera opens the rating screen with its number', async () => {
  const { page, errors, close } = await openKiosk(kiosk);
  await page.click('[data-testid="start-ticket"]');
  await shown(page, 'categories');
  await page.click('[data-testid="category-social_security"]');
  await shown(page, 'ticket');
  const number = await page.textContent('[data-testid="ticket-number"]');
  await waitFor('the printed ticket', () => kiosk.tickets().length === 1);
  await page.click('[data-testid="screen-ticket"] [data-testid="back-button"]');
  await shown(page, 'start');

  kiosk.ctl('camera', 'show', join(kiosk.printed, kiosk.tickets()[0]));
  await shown(page, 'rating');
  assert.equal(await page.textContent('[data-testid="rating-ticket"]'), number);
  kiosk.ctl('camera', 'show', FACE_PHOTO);
  assert.deepEqual(errors, []);
  await close();
});

test('the face step shows the camera and what to do; the citizen can ask for staff instead', async () => {
  const { page, errors, close } = await openKiosk(kiosk);
  await page.click('[data-testid="start-prereg"]');
  await shown(page, 'card');
  kiosk.ctl('card', 'tap', 'resident');
  await shown(page, 'service');
  await page.click('[data-testid="service-category-civil_affairs"]');
  await page.click('[data-testid="service-ca-marriage"]');
  await shown(page, 'face');
  // The preview plays (a 320x240 MJPEG) and the daemon's instruction replaces "starting the camera".
  await page.waitForFunction(() => document.querySelector('[data-testid="face-preview"]').naturalWidth === 320);
  // The photo's face is far too small for the gates: the citizen is asked to look at the screen.
  await waitFor('an instruction from the face check',
    async () => /请正对屏幕/.test(await page.textContent('[data-testid="face-instruction"]')));
  assert.match(await page.textContent('[data-testid="face-instruction"]'), /Please look at the screen/);

  await page.click('[data-testid="face-staff"]');
  await shown(page, 'materials');
  assert.equal(await page.getAttribute('[data-testid="face-preview"]', 'src'), null); // the picture is gone
  const flow = (await (await fetch(`${kiosk.api}/session`)).json()).flow;
  assert.equal(flow.face.decision, 'skipped');
  kiosk.ctl('card', 'remove');
  assert.deepEqual(errors, []);
  await close();
});
