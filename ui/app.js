// Kiosk screen logic: catalog polling, category taps, ticket issuing and the result/error screens.
import { fetchCatalog, issueTicket, newIdempotencyKey } from './api.js';
import { aheadKey, isCount, openTime, windowText } from './format.js';
import { applyStatic, getLang, loadStrings, setBi, setLang, t } from './i18n.js';

const CATALOG_REFRESH_MS = 15000;
const CATALOG_RETRY_MS = 5000;
const TICKET_SECONDS = 8;
const ERROR_SECONDS = 10;
const LANG_IDLE_MS = 60000;

const $ = (id) => document.getElementById(id);
const el = {
  hallName: $('hall-name'),
  langToggle: $('lang-toggle'),
  notice: $('start-notice'),
  categories: $('categories'),
  overlay: $('printing-overlay'),
  actions: $('actions'),
  backButton: $('back-button'),
  countdown: $('countdown'),
  ticketNumber: $('ticket-number'),
  ticketCategory: $('ticket-category'),
  ticketWindow: $('ticket-window'),
  ticketAhead: $('ticket-ahead'),
  ticketEst: $('ticket-est'),
  ticketOffline: $('ticket-offline'),
  errorMessage: $('error-message'),
};
const screens = { start: $('screen-start'), ticket: $('screen-ticket'), error: $('screen-error') };

const state = {
  screen: 'start',
  busy: false, // a ticket request is in flight, or a result screen is showing
  catalog: null,
  buttons: new Map(), // category id → button
  pollTimer: 0,
  pollSeq: 0, // ignores catalog answers that arrive after a newer request was started
  countdownTimer: 0,
  lastTouch: Date.now(),
};

// ---- screens -------------------------------------------------------------

function showScreen(name) {
  state.screen = name;
  for (const [key, section] of Object.entries(screens)) section.hidden = key !== name;
  if (name !== 'start') el.langToggle.disabled = false;
}

function stopCountdown() {
  clearInterval(state.countdownTimer);
  state.countdownTimer = 0;
}

// Shows the shared back button + countdown inside the current result screen.
function startCountdown(seconds, backKey) {
  stopCountdown();
  screens[state.screen].querySelector('.actions-slot').append(el.actions);
  el.actions.hidden = false;
  setBi(el.backButton, t(backKey));
  const deadline = Date.now() + seconds * 1000;
  const tick = () => {
    const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    setBi(el.countdown, t('countdown', { s: left }));
    if (left === 0) goStart(true);
  };
  tick();
  state.countdownTimer = setInterval(tick, 250);
}

// Back to the category choice. When a session is over (timeout, or done with the ticket)
// the next citizen gets Chinese first again.
function goStart(resetLang = false) {
  stopCountdown();
  el.actions.hidden = true;
  if (resetLang) setLang('zh');
  showScreen('start');
  setBusy(false);
  refreshCatalog();
}

function setBusy(busy) {
  state.busy = busy;
  for (const button of state.buttons.values()) button.disabled = busy;
  el.langToggle.disabled = busy && state.screen === 'start';
}

function showError(pair) {
  setBi(el.errorMessage, pair);
  showScreen('error');
  startCountdown(ERROR_SECONDS, 'action.back');
}

function showTicket(ticket) {
  const category = findCategory(ticket.category || ticket.service_id);
  el.ticketNumber.textContent = ticket.number;
  setBi(el.ticketCategory, category ? { zh: category.name_zh, en: category.name_en } : { zh: '', en: '' });
  setBi(el.ticketWindow, t('ticket.window', { w: windowText(ticket) }));
  el.ticketAhead.hidden = !isCount(ticket.waiting_ahead);
  if (!el.ticketAhead.hidden) setBi(el.ticketAhead, t(aheadKey(ticket.waiting_ahead), { n: ticket.waiting_ahead }));
  el.ticketEst.hidden = !isCount(ticket.est_wait_min) || ticket.waiting_ahead === 0;
  if (!el.ticketEst.hidden) setBi(el.ticketEst, t('ticket.estWait', { m: ticket.est_wait_min }));
  el.ticketOffline.hidden = ticket.offline !== true;
  showScreen('ticket');
  startCountdown(TICKET_SECONDS, 'action.home');
}

// ---- catalog ---------------------------------------------------------------

function findCategory(id) {
  return state.catalog?.categories.find((c) => c.id === id) ?? null;
}

function closedText(category, key, keyNoTime) {
  const when = openTime(category.next_open);
  return when ? t(key, { when: t(when.key, when.vars) }) : t(keyNoTime);
}

function buildButton(category) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'category';
  button.dataset.id = category.id;
  button.dataset.testid = `category-${category.id}`;
  for (const part of ['letter', 'name', 'waiting', 'closed']) {
    const span = document.createElement('span');
    span.className = `category-${part}`;
    if (part === 'waiting' || part === 'closed') span.classList.add('row');
    button.append(span);
  }
  return button;
}

function updateButton(button, category) {
  const part = (name) => button.querySelector(`.category-${name}`);
  const open = category.issuing !== false;
  button.classList.toggle('is-closed', !open);
  button.setAttribute('aria-disabled', String(!open));
  part('letter').textContent = category.letter ?? '';
  setBi(part('name'), { zh: category.name_zh, en: category.name_en });
  const waiting = part('waiting');
  waiting.hidden = !isCount(category.waiting);
  if (!waiting.hidden) setBi(waiting, t('category.waiting', { n: category.waiting }));
  const closed = part('closed');
  closed.hidden = open;
  if (!open) setBi(closed, closedText(category, 'category.closedAt', 'category.closed'));
}

// Updates buttons in place (a finger may be on one) and rebuilds only if the set of ids changed.
function renderCatalog() {
  const { hall, categories } = state.catalog;
  if (hall) setBi(el.hallName, { zh: hall.name_zh, en: hall.name_en });
  const ids = categories.map((c) => c.id).join('\n');
  if ([...state.buttons.keys()].join('\n') !== ids) {
    state.buttons = new Map(categories.map((c) => [c.id, buildButton(c)]));
    el.categories.replaceChildren(...state.buttons.values());
  }
  for (const category of categories) updateButton(state.buttons.get(category.id), category);
  el.notice.hidden = true;
  setBusy(state.busy);
}

async function refreshCatalog() {
  clearTimeout(state.pollTimer);
  const seq = ++state.pollSeq;
  try {
    const catalog = await fetchCatalog();
    if (seq !== state.pollSeq) return;
    state.catalog = catalog;
    if (state.screen === 'start') renderCatalog();
  } catch (err) {
    if (seq !== state.pollSeq) return;
    console.warn('catalog refresh failed:', err);
    if (!state.catalog) {
      setBi(el.notice, t('error.network'));
      el.notice.hidden = false;
    }
  }
  resetIdleLanguage();
  clearTimeout(state.pollTimer);
  state.pollTimer = setTimeout(pollCatalog, state.catalog ? CATALOG_REFRESH_MS : CATALOG_RETRY_MS);
}

// Only the start screen polls; result screens call goStart(), which refreshes at once.
function pollCatalog() {
  if (state.screen === 'start' && !state.busy) refreshCatalog();
  else state.pollTimer = setTimeout(pollCatalog, CATALOG_REFRESH_MS);
}

function resetIdleLanguage() {
  if (state.screen === 'start' && getLang() === 'en' && Date.now() - state.lastTouch > LANG_IDLE_MS) setLang('zh');
}

// ---- taps ----------------------------------------------------------------

async function onCategoryTap(id) {
  if (state.busy || state.screen !== 'start') return;
  const category = findCategory(id);
  if (!category) return;
  if (category.issuing === false) {
    setBusy(true);
    showError(closedText(category, 'closed.message', 'closed.messageNoTime'));
    return;
  }
  setBusy(true);
  el.overlay.hidden = false;
  let result;
  try {
    result = await issueTicket(category.id, newIdempotencyKey()); // one tap = one key
  } catch (err) {
    console.error('ticket request failed:', err);
    result = { kind: 'error' };
  } finally {
    el.overlay.hidden = true;
  }
  if (result.kind === 'ticket') showTicket(result.ticket);
  else if (result.kind === 'network') showError(t('error.network'));
  else {
    const fallback = t('error.unknown');
    showError({ zh: result.zh || fallback.zh, en: result.en || fallback.en });
  }
}

function bindEvents() {
  el.categories.addEventListener('click', (event) => {
    const button = event.target.closest('button.category');
    if (button) onCategoryTap(button.dataset.id);
  });
  el.langToggle.addEventListener('click', () => {
    if (!el.langToggle.disabled) setLang(getLang() === 'zh' ? 'en' : 'zh');
  });
  el.backButton.addEventListener('click', () => {
    if (state.screen !== 'start') goStart(state.screen === 'ticket');
  });
  // Kiosk hardening: no context menu, selection, dragging or pinch gestures.
  for (const type of ['contextmenu', 'selectstart', 'dragstart', 'gesturestart']) {
    document.addEventListener(type, (event) => event.preventDefault());
  }
  document.addEventListener('pointerdown', () => { state.lastTouch = Date.now(); }, true);
}

async function main() {
  try {
    await loadStrings();
  } catch (err) {
    console.error('cannot load strings, retrying:', err);
    setTimeout(main, CATALOG_RETRY_MS);
    return;
  }
  applyStatic();
  setBi(el.notice, t('start.loading'));
  el.notice.hidden = false;
  setLang('zh');
  bindEvents();
  showScreen('start');
  refreshCatalog();
}

main();
