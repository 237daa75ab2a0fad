// Starts the real stack for browser tests and benches: yici-devsim (virtual printer + ID-card reader) and
// yicid on a board config of its own, then Debian's Chromium through playwright-core.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const { YICI_YICID, YICI_YICICTL, YICI_DEVSIM, YICI_SOURCE_DIR } = process.env;
export const TECHNICIAN_PIN = '135790';
// The number on devsim's test card `staff`, which `yicictl staff-card add` registers when a test asks for it.
const STAFF_CARD_NUMBER = '330324198203140311';
// `yicictl pin-hash` of TECHNICIAN_PIN: a board config holds only the hash.
const TECHNICIAN_PIN_HASH = '$argon2id$v=19$m=65536,t=2,p=1$YPuHGNfA0o0I+aOCvf7SDA$SjcJUOsY9f9k8vZM4CaggQPwSp3+stE97EmVC9qsd/k';
// A photo Debian's opencv-doc ships (tools/setup installs it): a face for the virtual camera.
export const FACE_PHOTO = '/usr/share/doc/opencv-doc/examples/data/messi5.jpg';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const freePort = () => new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

async function waitForHttp(url) {
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch { /* not up yet */ }
    await sleep(50);
  }
  throw new Error(`${url} did not come up`);
}

// Waits until something listens on a TCP port: under a loaded CI machine a process may take seconds to open it.
async function waitForPort(port) {
  for (let i = 0; i < 400; i++) {
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`nothing listens on port ${port}`);
}

// Where screenshots and other evidence go: the build's e2e-output folder, or a temporary one.
export function outputDir(...parts) {
  const dir = join(process.env.YICI_E2E_OUTPUT || join(tmpdir(), 'yici-e2e-output'), ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}

// The Yongjia hall (66 items in six categories) open around the clock, as tools/run-sim makes it.
function yongjiaAllHours(dir) {
  const text = readFileSync(join(YICI_SOURCE_DIR, 'board-configs/halls/yongjia.toml'), 'utf8')
    .replace(/^(holidays|workdays) = \[[^\]]*\]\n/gms, '')
    .replace(/^(sat|sun) = .*\n/gm, '')
    .replace(/^issuing_cutoff_min = .*$/m, 'issuing_cutoff_min = 0')
    .replace(/^weekdays = .*$/gm, 'weekdays = ["00:00-24:00"]\nsat = ["00:00-24:00"]\nsun = ["00:00-24:00"]');
  const file = join(dir, 'yongjia-all-hours.toml');
  writeFileSync(file, text);
  return file;
}

// A running kiosk: devsim + yicid + a browser. options.hall 'yongjia' gives it the shipped hall, open around
// the clock, 'yongjia-real' with its real hours and holidays (else the small test hall); options.faketime
// ('@2026-10-05 10:00:00') starts yicid's clock there (libfaketime); options.idleTimeoutS sets [ui] idle_timeout_s; options.camera,
// a picture file, gives the kiosk the opencv camera on devsim's virtual camera, showing that picture;
// options.staffCard registers devsim's `staff` card (yicictl staff-card add), so its tap opens the PIN pad.
// options.dispenser ({dialect, takeTimeoutS}) puts the virtual printer's presenter on the board.
export async function startKiosk({
  hall = 'test', faketime = null, idleTimeoutS = 60, camera = null, staffCard = false, dispenser = null,
} = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'yici-e2e-'));
  const hallFile = { yongjia: () => yongjiaAllHours(dir), 'yongjia-real': () => `${YICI_SOURCE_DIR}/board-configs/halls/yongjia.toml` }[hall]?.()
    ?? `${YICI_SOURCE_DIR}/tests/data/always-open-hall.toml`;
  const control = join(dir, 'devsim.sock');
  const printed = join(dir, 'printed');
  const readerLink = join(dir, 'idreader');
  const printerPort = await freePort();
  const uiPort = await freePort();
  const statusPort = await freePort();
  writeFileSync(join(dir, 'board.toml'), [
    '[kiosk]', 'id = "e2e-k01"', `hall_catalog = "${hallFile}"`,
    '[ui]', `listen = "127.0.0.1:${uiPort}"`, `idle_timeout_s = ${idleTimeoutS}`, `technician_pin_hash = "${TECHNICIAN_PIN_HASH}"`,
    '[status]', `listen = "127.0.0.1:${statusPort}"`,
    '[id_reader]', 'driver = "sam-serial"', `device = "${readerLink}"`, 'baud = 115200', 'poll_interval_ms = 100',
    '[printer]', 'driver = "escpos"', `uri = "tcp://127.0.0.1:${printerPort}"`,
    '[privacy]', 'key_in_data_dir = true',
    ...(dispenser ? ['[dispenser]', 'driver = "escpos-presenter"', `dialect = "${dispenser.dialect}"`,
      `take_timeout_s = ${dispenser.takeTimeoutS}`] : []),
    ...(camera ? ['[camera]', 'driver = "opencv"', `source = "${join(dir, 'camera', 'current', '*.png')}"`, 'fps = 10'] : []),
    ''].join('\n'));
  if (staffCard) {
    execFileSync(YICI_YICICTL, ['staff-card', 'add', '--staff', 'S017', '--board', join(dir, 'board.toml'), '--data-dir', join(dir, 'data')],
      { input: `${STAFF_CARD_NUMBER}\n`, stdio: ['pipe', 'ignore', 'inherit'] });
  }
  const log = openSync(join(dir, 'processes.log'), 'a');
  const devsim = spawn(YICI_DEVSIM, ['--printer-port', String(printerPort), '--out', printed, '--control', control,
    '--reader-link', readerLink, '--camera-dir', join(dir, 'camera')], { stdio: ['ignore', log, log] });
  // devsim opens its printer port last: once it answers, the reader link and the control socket are there too.
  const started = waitForPort(printerPort);

  const kiosk = {
    dir,
    printed,
    url: `http://127.0.0.1:${uiPort}/`,
    api: `http://127.0.0.1:${uiPort}/api/v1`,
    statusApi: `http://127.0.0.1:${statusPort}/api/v1`, // the window calls of the hall's counters
    yicid: null,
    browser: null,
    tickets: () => readdirSync(printed).filter((f) => /^ticket-\d+\.png$/.test(f)).sort(),
    ctl: (...words) => execFileSync(YICI_DEVSIM, ['ctl', '--control', control, ...words]).toString(),
    async startYicid() {
      const clock = faketime ? {
        LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1', FAKETIME: faketime,
        ASAN_OPTIONS: 'verify_asan_link_order=0', // the dev build's sanitizer would refuse a preload first
      } : {};
      kiosk.yicid = spawn(YICI_YICID, ['--board', join(dir, 'board.toml'), '--data-dir', join(dir, 'data')],
        { stdio: ['ignore', log, log], env: { ...process.env, ...clock } });
      await waitForHttp(`http://127.0.0.1:${statusPort}/health`);
      await sleep(500); // first printer status poll
    },
    async stopYicid() {
      const exited = new Promise((resolve) => kiosk.yicid.once('exit', resolve));
      kiosk.yicid.kill('SIGTERM');
      await exited;
    },
    async close() {
      await kiosk.browser?.close();
      if (kiosk.yicid && kiosk.yicid.exitCode === null) await kiosk.stopYicid();
      devsim.kill('SIGTERM');
      await sleep(200);
      if (!process.env.YICI_KEEP_TEST_DIR) rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await started;
    if (camera) kiosk.ctl('camera', 'show', camera);
    await kiosk.startYicid();
    kiosk.browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
  } catch (e) {
    // A child left running would keep node's event loop alive until CTest's timeout: stop them and fail now.
    kiosk.yicid?.kill('SIGKILL');
    devsim.kill('SIGKILL');
    throw e;
  }
  return kiosk;
}

// A fresh page (its own browser context: a fresh profile) on the kiosk at a kiosk screen size. Page
// errors and console errors are collected, so a test can assert none happened.
export async function openKiosk(kiosk, { width = 1080, height = 1920 } = {}) {
  const context = await kiosk.browser.newContext({ viewport: { width, height }, hasTouch: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // A refused fetch while yicid restarts is expected and handled by the page.
    if (m.type() === 'error' && !/Failed to load resource|ERR_CONNECTION_REFUSED|EventSource/.test(m.text())) errors.push(m.text());
  });
  await page.goto(kiosk.url);
  await page.waitForFunction(() => performance.getEntriesByName('yici:start-interactive').length > 0);
  return { page, errors, close: () => context.close() };
}

// The text of a printed ticket's QR code (zbarimg from Debian's zbar-tools): the queue URL with the
// ticket's number (n=) and pre-registration code (r=).
export function ticketQr(png) {
  const url = new URL(execFileSync('zbarimg', ['--raw', '-q', png], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim());
  return { number: url.searchParams.get('n'), code: url.searchParams.get('r') };
}

export async function waitFor(what, predicate, ms = 5000) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (await predicate()) return;
  throw new Error(`timed out waiting for ${what}`);
}

export const shown = (page, screen) => page.waitForSelector(`[data-testid="screen-${screen}"]:not([hidden])`);

// Every visible element that is off the screen or cut by an ancestor that clips (overflow other than
// visible), measured by its box: e.g. "service-list clipped by service-list" or "start-ticket off-screen".
export async function clippedElements(page) {
  return page.evaluate(() => {
    const name = (e) => e.dataset.testid || e.id || String(e.className) || e.tagName;
    const clips = (e) => getComputedStyle(e).overflowX !== 'visible' || getComputedStyle(e).overflowY !== 'visible';
    const outside = (r, b) => r.top < b.top - 1 || r.left < b.left - 1 || r.bottom > b.bottom + 1 || r.right > b.right + 1;
    const screen = { top: 0, left: 0, bottom: innerHeight, right: innerWidth };
    const found = [];
    for (const e of document.querySelectorAll('body *')) {
      if (e.offsetParent === null || e.getClientRects().length === 0 || e.closest('[aria-hidden="true"]')) continue;
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (outside(r, screen)) {
        found.push(`${name(e)} off-screen`);
        continue;
      }
      for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        if (clips(a) && outside(r, a.getBoundingClientRect())) {
          found.push(`${name(e)} clipped by ${name(a)}`);
          break;
        }
      }
    }
    return found;
  });
}

export async function noScrollBars(page) {
  return page.evaluate(() => document.documentElement.scrollHeight <= innerHeight
    && document.documentElement.scrollWidth <= innerWidth);
}
