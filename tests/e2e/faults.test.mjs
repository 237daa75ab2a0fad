// The faults of an ordinary day, as a citizen meets them: each device fault that blocks a path is said on the
// start screen before anyone taps, and no waiting screen waits for ever.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FACE_PHOTO, clippedElements, openKiosk, outputDir, shown, startKiosk, waitFor } from './harness.mjs';
import { join } from 'node:path';

const shots = outputDir('screenshots');
let kiosk;
before(async () => { kiosk = await startKiosk({ camera: FACE_PHOTO }); });
after(async () => { await kiosk?.close(); });

const banner = (page) => page.textContent('[data-testid="device-banner"]');
const bannerShown = (page) => page.waitForSelector('[data-testid="device-banner"]:not([hidden])', { timeout: 8000 });
const bannerGone = (page) => page.waitForSelector('[data-testid="device-banner"]', { state: 'hidden', timeout: 8000 });
const health = async (device) => (await (await fetch(`${kiosk.api}/catalog`)).json()).devices.find((d) => d.device === device);

test('a paper jam is on the start screen before anyone taps', async () => {
  const { page, errors, close } = await openKiosk(kiosk);
  kiosk.ctl('jam');
  await bannerShown(page);
  assert.match(await banner(page), /卡纸.*预登记窗口[\s\S]*paper jam/);
  await page.screenshot({ path: join(shots, 'fault-jam-zh-portrait.png') });
  kiosk.ctl('jam', 'clear');
  await bannerGone(page);
  assert.deepEqual(errors, []);
  await close();
});

test('the reader unplugged: said on the start screen and on the card screen, which has its ways out', async () => {
  const { page, errors, close } = await openKiosk(kiosk);
  kiosk.ctl('reader', 'unplug');
  await bannerShown(page);
  assert.match(await banner(page), /读卡器暂时无法使用[\s\S]*reader is not working/);
  await page.click('[data-testid="start-prereg"]');
  await shown(page, 'card');
  assert.match(await page.textContent('[data-testid="card-message"]'), /读卡器暂时无法使用/);
  assert.ok(await page.isVisible('[data-testid="no-card"]'), 'items without a card stay open');
  assert.deepEqual(await clippedElements(page), []);
  await page.screenshot({ path: join(shots, 'fault-reader-card-zh-portrait.png') });
  kiosk.ctl('reader', 'plug');
  await page.waitForSelector('[data-testid="card-message"]', { state: 'hidden', timeout: 8000 });
  await page.click('[data-testid="screen-card"] [data-action="prereg-cancel"]');
  await shown(page, 'start');
  await bannerGone(page);
  assert.deepEqual(errors, []);
  await close();
});

test('the camera off: said before anyone taps, the face step goes to staff at once, and face health follows', async () => {
  const { page, errors, close } = await openKiosk(kiosk);
  kiosk.ctl('camera', 'off');
  await bannerShown(page);
  assert.match(await banner(page), /摄像头暂时无法使用[\s\S]*camera is not working/);
  await waitFor('face health to follow the camera', async () => (await health('face')).health !== 'ok', 8000);
  assert.equal((await health('face')).code, (await health('camera')).code);
  await page.click('[data-testid="start-prereg"]');
  kiosk.ctl('card', 'tap', 'resident');
  await shown(page, 'service');
  await page.click('[data-testid="service-category-civil_affairs"]');
  await page.click('[data-testid="service-ca-marriage"]'); // needs the face check
  await shown(page, 'materials'); // not "starting the camera…" for ever
  assert.equal((await (await fetch(`${kiosk.api}/session`)).json()).flow.face.decision, 'unavailable');
  await page.click('[data-testid="screen-materials"] [data-action="prereg-cancel"]');
  kiosk.ctl('card', 'remove');
  kiosk.ctl('camera', 'show', FACE_PHOTO);
  await bannerGone(page);
  assert.equal((await health('face')).health, 'ok');
  assert.deepEqual(errors, []);
  await close();
});
