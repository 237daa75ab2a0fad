// The touch UI in Debian's Chromium against the real yicid and yici-devsim: a tap prints one ticket.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync, rmSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const { YICI_YICID, YICI_DEVSIM, YICI_SOURCE_DIR } = process.env;
const dir = mkdtempSync(join(tmpdir(), 'yici-e2e-'));
const control = join(dir, 'devsim.sock');
const printed = join(dir, 'printed');
let devsim, yicid, browser, uiPort;

const freePort = () => new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tickets = () => readdirSync(printed).filter((f) => /^ticket-\d+\.png$/.test(f));
const ctl = (...words) => execFileSync(YICI_DEVSIM, ['ctl', '--control', control, ...words]);

async function waitForHttp(url) {
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(url)).ok) return; } catch { /* not up yet */ }
    await sleep(50);
  }
  throw new Error(`${url} did not come up`);
}

before(async () => {
  const printerPort = await freePort();
  uiPort = await freePort();
  const statusPort = await freePort();
  writeFileSync(join(dir, 'board.toml'), [
    '[kiosk]', 'id = "e2e-k01"', `hall_catalog = "${YICI_SOURCE_DIR}/tests/data/always-open-hall.toml"`,
    '[ui]', `listen = "127.0.0.1:${uiPort}"`, '[status]', `listen = "127.0.0.1:${statusPort}"`,
    '[printer]', 'driver = "escpos"', `uri = "tcp://127.0.0.1:${printerPort}"`, ''].join('\n'));
  const log = openSync(join(dir, 'processes.log'), 'a');
  devsim = spawn(YICI_DEVSIM, ['--printer-port', String(printerPort), '--out', printed, '--control', control],
    { stdio: ['ignore', log, log] });
  await sleep(300);
  yicid = spawn(YICI_YICID, ['--board', join(dir, 'board.toml'), '--data-dir', join(dir, 'data')],
    { stdio: ['ignore', log, log] });
  await waitForHttp(`http://127.0.0.1:${statusPort}/health`);
  await sleep(500);  // first printer status poll
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  yicid?.kill('SIGTERM');
  devsim?.kill('SIGTERM');
  await sleep(200);
  if (!process.env.YICI_KEEP_TEST_DIR) rmSync(dir, { recursive: true, force: true });
});

async function openKiosk(width, height) {
  const page = await browser.newPage({ viewport: { width, height }, hasTouch: true });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`http://127.0.0.1:${uiPort}/`);
  await page.waitForSelector('[data-testid="category-commercial"]');
  return { page, errors };
}

async function noScrollBars(page) {
  return page.evaluate(() => document.documentElement.scrollHeight <= innerHeight
    && document.documentElement.scrollWidth <= innerWidth);
}

test('portrait start screen shows the hall and six big category buttons, with no scroll bar', async () => {
  const { page, errors } = await openKiosk(1080, 1920);
  assert.match(await page.textContent('header'), /测试行政服务中心/);
  const buttons = page.locator('[data-testid^="category-"]');
  assert.equal(await buttons.count(), 6);
  const box = await page.locator('[data-testid="category-real_estate"]').boundingBox();
  assert.ok(box.width >= 64 && box.height >= 64, 'touch target at least 64 px');
  assert.match(await page.textContent('[data-testid="category-real_estate"]'), /不动产登记[\s\S]*Real estate/);
  assert.ok(await noScrollBars(page));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a double tap on a category prints exactly one ticket and shows its number, then returns to start', async () => {
  const { page } = await openKiosk(1080, 1920);
  const before = tickets().length;
  await page.locator('[data-testid="category-commercial"]').dblclick();
  await page.waitForSelector('[data-testid="screen-ticket"]:not([hidden])');
  assert.match(await page.textContent('[data-testid="ticket-number"]'), /^A\d{3}$/);
  assert.match(await page.textContent('[data-testid="ticket-window"]'), /1\/2\/3/);
  await sleep(500);
  assert.equal(tickets().length, before + 1);
  await page.click('[data-testid="back-button"]');
  await page.waitForSelector('[data-testid="screen-start"]:not([hidden])');
  await page.close();
});

test('a closed category says when it opens and prints nothing', async () => {
  const { page } = await openKiosk(1080, 1920);
  const before = tickets().length;
  assert.match(await page.textContent('[data-testid="category-tax"]'), /08:30/);
  await page.click('[data-testid="category-tax"]', { force: true });  // aria-disabled, yet a finger may tap it
  await page.waitForSelector('[data-testid="screen-error"]:not([hidden])');
  await sleep(300);
  assert.equal(tickets().length, before);
  await page.close();
});

test('out of paper: the citizen is sent to the pre-registration desk in Chinese and English', async () => {
  const { page } = await openKiosk(1080, 1920);
  ctl('paper', 'out');
  await sleep(1500);
  await page.click('[data-testid="category-real_estate"]');
  await page.waitForSelector('[data-testid="screen-error"]:not([hidden])');
  assert.match(await page.textContent('[data-testid="error-message-zh"]'), /缺纸.*预登记窗口/);
  assert.match(await page.textContent('[data-testid="error-message-en"]'), /out of paper/);
  ctl('paper', 'ok');
  await page.close();
});

test('landscape 1920x1080 fits without scroll bars and still prints', async () => {
  const { page } = await openKiosk(1920, 1080);
  assert.ok(await noScrollBars(page));
  await sleep(1200);  // the printer is polled again after the paper test
  await page.click('[data-testid="category-social_security"]');
  await page.waitForSelector('[data-testid="screen-ticket"]:not([hidden])');
  assert.match(await page.textContent('[data-testid="ticket-number"]'), /^C\d{3}$/);
  assert.ok(await noScrollBars(page));
  if (process.env.YICI_SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.YICI_SCREENSHOT_DIR, 'landscape-ticket.png') });
  await page.close();
});
