// Kiosk start-up and what spans every screen: the start menu, language and elder mode, device guidance,
// the live link to yicid (server-sent events, catalog refresh) and the idle countdown that clears a
// half-finished session.
import { fetchCatalog, session } from './api.js';
import { followEvents } from './events.js';
import { applyStatic, getLang, loadStrings, setBi, setLang, t } from './i18n.js';
import { $, goStart, handoutChanged, onScreen, onStart, show, state } from './kiosk.js';
import { openInfo, renderInfo } from './screens/info.js';
import { bindFace, faceProgress } from './screens/face.js';
import {
  PREREG_SCREENS, appointmentScanned, bindPrereg, cardError, cardTapped, faceDone, openCard, readerChanged, redrawPrereg,
  sessionEnded,
} from './screens/prereg.js';
import { bindRating, openRating, ticketScanned } from './screens/rating.js';
import { bindTechnician, staffCardTapped, technicianScreens } from './screens/technician.js';
import { bindTickets, openCategories, renderCategories } from './screens/tickets.js';

const CATALOG_REFRESH_MS = 15000;
const CATALOG_RETRY_MS = 3000;
const IDLE_WARNING_S = 10;
const TOUCH_REPORT_MS = 2000;
const LINK_GRACE_MS = 2000;
// Result screens count down by themselves; the start screen has nothing to clear.
const SELF_TIMED = new Set(['start', 'ticket', 'done', 'rated', 'error']);

const idle = { lastTouch: Date.now(), lastReport: 0 };
let pollTimer = 0;
let linkTimer = 0;
let interactive = false;
let outOfService = false; // yicid answers, but only to say where to go instead
let cardOnReader = false; // a citizen's card read and not yet lifted

// ---- catalog -------------------------------------------------------------------------------------------------

function redraw() {
  if (!state.catalog) return;
  setBi($('hall-name'), { zh: state.catalog.hall.name_zh, en: state.catalog.hall.name_en });
  for (const d of state.catalog.devices ?? []) state.devices.set(d.device, d);
  showDevices();
  if (state.screen === 'categories') renderCategories();
  if (state.screen === 'info') renderInfo();
}

async function refreshCatalog() {
  clearTimeout(pollTimer);
  const res = await fetchCatalog();
  // Out of service (its database is damaged): the kiosk says where to go instead, and offers nothing.
  outOfService = res.status === 503 && Boolean(res.zh);
  $('start-tiles').hidden = outOfService;
  if (outOfService) {
    state.catalog = null;
    linkChanged(true); // it answers: "reconnecting" would be wrong
    setBi($('start-notice'), { zh: res.zh, en: res.en });
    $('start-notice').hidden = false;
    if (state.screen !== 'start') goStart(true);
  } else if (res.ok && Array.isArray(res.body?.categories)) {
    state.catalog = res.body;
    $('start-notice').hidden = true;
    redraw();
    if (!interactive && state.screen === 'start') {
      interactive = true;
      performance.mark('yici:start-interactive');
    }
  } else if (!state.catalog) {
    setBi($('start-notice'), t('error.network'));
    $('start-notice').hidden = false;
  }
  pollTimer = setTimeout(refreshCatalog, state.catalog ? CATALOG_REFRESH_MS : CATALOG_RETRY_MS);
}

// ---- devices: plain guidance instead of technical faults ----------------------------------------------------

function showDevices() {
  const fault = [...state.devices.values()].find((d) => d.health !== 'ok' && d.message_zh);
  const banner = $('device-banner');
  banner.hidden = !fault;
  if (fault) setBi(banner, { zh: fault.message_zh, en: fault.message_en });
  readerChanged();
}

// Once a flow is over (or left), a card still on the reader is the citizen's to take back.
function showCardReminder() {
  $('card-reminder').hidden = !cardOnReader || PREREG_SCREENS.has(state.screen);
}

// ---- elder mode and language ---------------------------------------------------------------------------------

function setElder(on) {
  if (state.elder === on) return;
  state.elder = on;
  document.documentElement.toggleAttribute('data-elder', on);
  $('elder-toggle').setAttribute('aria-pressed', String(on));
  session.elderMode(on); // the daemon doubles the session's idle timeout too
  redraw();
  redrawPrereg();
}

function suggestElder() {
  $('elder-suggest').hidden = false;
}

// ---- idle: a countdown, then everything of the session is cleared ---------------------------------------------

function idleLimitS() {
  return (state.catalog?.idle_timeout_s ?? 60) * (state.elder ? 2 : 1);
}

function idleTick() {
  const overlay = $('idle-overlay');
  const idleS = (Date.now() - idle.lastTouch) / 1000;
  const limit = idleLimitS();
  if (state.screen === 'start') {
    overlay.hidden = true;
    if (idleS >= limit && (getLang() !== 'zh' || state.elder)) goStart(true); // the next citizen starts fresh
    return;
  }
  if (SELF_TIMED.has(state.screen) || idleS < limit - IDLE_WARNING_S) {
    overlay.hidden = true;
    return;
  }
  const left = Math.max(0, Math.ceil(limit - idleS));
  setBi($('idle-count'), t('idle.countdown', { s: left }));
  overlay.hidden = false;
  if (left === 0) {
    overlay.hidden = true;
    if (PREREG_SCREENS.has(state.screen)) session.end();
    goStart(true);
  }
}

function touched() {
  idle.lastTouch = Date.now();
  $('idle-overlay').hidden = true;
  // The daemon's own idle timer clears the session too: tell it the citizen is still here.
  if (PREREG_SCREENS.has(state.screen) && idle.lastTouch - idle.lastReport > TOUCH_REPORT_MS) {
    idle.lastReport = idle.lastTouch;
    session.touch();
  }
}

// ---- the link to yicid ----------------------------------------------------------------------------------------

function linkChanged(up) {
  clearTimeout(linkTimer);
  if (up) $('link-banner').hidden = true;
  else if (!outOfService) linkTimer = setTimeout(() => { $('link-banner').hidden = false; }, LINK_GRACE_MS);
}

// After yicid restarted: fresh catalog, and a flow whose session died with the old daemon goes back to start.
async function reconnected() {
  refreshCatalog();
  if (!PREREG_SCREENS.has(state.screen) || state.screen === 'card') return;
  const res = await session.get();
  if (res.ok && !res.body?.active) goStart(true);
}

function bindEvents() {
  followEvents({
    onLink: linkChanged,
    onReconnect: reconnected,
    card_tapped: (data) => {
      cardOnReader = true;
      if (technicianScreens.has(state.screen) || state.busy) return;
      idle.lastTouch = Date.now();
      cardTapped(data, suggestElder);
    },
    card_removed: () => {
      cardOnReader = false;
      showCardReminder();
    },
    staff_card: staffCardTapped,
    card_error: (data) => {
      if (!technicianScreens.has(state.screen)) cardError(data);
    },
    session_ended: sessionEnded,
    registered: () => refreshCatalog(),
    device: (data) => {
      state.devices.set(data.device, data);
      showDevices();
    },
    face: faceProgress,
    face_done: faceDone,
    ticket_handout: handoutChanged,
    // A QR code held up to the camera: a ticket opens its rating, an appointment code fills the form.
    qr: (data) => {
      if (data.kind === 'ticket') ticketScanned(data.number);
      if (data.kind === 'appointment') appointmentScanned(data.code);
    },
  });
}

// ---- wiring --------------------------------------------------------------------------------------------------

function bindControls() {
  $('lang-toggle').addEventListener('click', () => setLang(getLang() === 'zh' ? 'en' : 'zh'));
  $('elder-toggle').addEventListener('click', () => setElder(!state.elder));
  $('elder-yes').addEventListener('click', () => {
    $('elder-suggest').hidden = true;
    setElder(true);
  });
  $('elder-no').addEventListener('click', () => { $('elder-suggest').hidden = true; });
  $('idle-continue').addEventListener('click', touched);
  $('start-ticket').addEventListener('click', openCategories);
  $('start-prereg').addEventListener('click', openCard);
  $('start-rate').addEventListener('click', openRating);
  $('start-info').addEventListener('click', openInfo);
  for (const button of document.querySelectorAll('[data-action="home"]')) button.addEventListener('click', () => goStart(false));
  onStart((reset) => {
    $('elder-suggest').hidden = true;
    if (reset) {
      setLang('zh');
      setElder(false);
    }
    refreshCatalog();
  });
  onScreen(() => {
    idle.lastTouch = Date.now();
    showCardReminder();
  });
  document.addEventListener('pointerdown', touched, true);
  // Kiosk hardening: no context menu, selection, dragging or gestures.
  for (const type of ['contextmenu', 'selectstart', 'dragstart', 'gesturestart']) {
    document.addEventListener(type, (event) => event.preventDefault());
  }
}

async function main() {
  try {
    await loadStrings();
  } catch (err) {
    console.warn('cannot load strings, retrying:', err);
    setTimeout(main, CATALOG_RETRY_MS);
    return;
  }
  applyStatic();
  setLang('zh');
  setBi($('start-notice'), t('start.loading'));
  $('start-notice').hidden = false;
  bindControls();
  bindTickets();
  bindPrereg();
  bindFace();
  bindRating();
  bindTechnician();
  bindEvents();
  show('start');
  setInterval(idleTick, 500);
  refreshCatalog();
}

main();
