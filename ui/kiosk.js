// The screen machinery every flow shares: which screen shows, the one-action-at-a-time guard against
// double taps, the error and result screens with their countdown back to start, and list paging.
import { aheadKey, isCount, waitText, windowText } from './format.js';
import { setBi, t } from './i18n.js';

const RESULT_SECONDS = 10;

export const $ = (id) => document.getElementById(id);

export const state = {
  screen: 'start',
  catalog: null, // last GET /api/v1/catalog
  devices: new Map(), // device name → {health, code, message_zh, message_en}: the catalog's, then `device` events
  elder: false,
  busy: false, // an action is in flight: further taps are ignored
};

// The dispenser's word on each ticket it presented (ticket_handout events: waiting, taken, not_taken, jammed),
// kept by number so that an event arriving before the ticket's answer still shows.
const handouts = new Map();
const HANDOUT_KEYS = { taken: 'handout.taken', not_taken: 'handout.notTaken', jammed: 'handout.jammed' };
// The screens that show a ticket, and their countdown back to start once the ticket has left the mouth.
const TICKET_SCREENS = { ticket: 10, done: 15 };
let shownNumber = '';

const screens = new Map([...document.querySelectorAll('section.screen')].map((s) => [s.dataset.screen, s]));
const startHooks = [];
const screenHooks = [];
let countdownTimer = 0;

// fn(reset) runs whenever the kiosk returns to the start screen; reset: the citizen is done.
export const onStart = (fn) => startHooks.push(fn);
// fn(name) runs after every screen change.
export const onScreen = (fn) => screenHooks.push(fn);

export function show(name) {
  stopCountdown();
  state.screen = name;
  for (const [key, section] of screens) section.hidden = key !== name;
  for (const fn of screenHooks) fn(name);
}

export function goStart(reset = false) {
  state.busy = false;
  $('printing-overlay').hidden = true;
  show('start');
  for (const fn of startHooks) fn(reset);
}

// Runs one citizen action: taps while it runs do nothing (a double tap must not print two tickets).
export async function act(fn, { printing = false } = {}) {
  if (state.busy) return;
  state.busy = true;
  document.body.classList.add('is-busy');
  if (printing) $('printing-overlay').hidden = false;
  try {
    await fn();
  } catch (err) {
    console.error('action failed:', err);
    showError(t('error.unknown'));
  } finally {
    state.busy = false;
    document.body.classList.remove('is-busy');
    $('printing-overlay').hidden = true;
  }
}

// The API's own words for a failure, or ours for a lost connection.
export function errorText(res) {
  if (res.status === 0) return t('error.network');
  const fallback = t('error.unknown');
  return { zh: res.zh || fallback.zh, en: res.en || fallback.en };
}

export function showError(pair) {
  setBi($('error-message'), pair);
  show('error');
  startCountdown(RESULT_SECONDS, 'action.home', true); // every way back to start is for the next citizen
}

export function stopCountdown() {
  clearInterval(countdownTimer);
  countdownTimer = 0;
}

// A result screen: its "back to start" button counts down and then goes back by itself.
export function startCountdown(seconds, backKey, reset) {
  stopCountdown();
  const section = screens.get(state.screen);
  const button = section.querySelector('.home-button');
  setBi(button.querySelector('.home-label'), t(backKey));
  button.onclick = () => goStart(reset);
  const count = button.querySelector('.home-count');
  const deadline = Date.now() + (state.elder ? 2 : 1) * seconds * 1000;
  const tick = () => {
    const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    setBi(count, t('countdown', { s: left }));
    if (left === 0) goStart(reset);
  };
  tick();
  countdownTimer = setInterval(tick, 250);
}

// Shows one page of `items` in `list` (render(item) → element) with previous/next buttons in `pager`.
// A page holds at most perPage.normal items (perPage.elder in elder mode) and no more than fit the
// list's height, so nothing is ever cut off or scrolled. onPage(page) hears which page the citizen
// turned to, so a refresh can keep it.
export function paginate(list, pager, items, perPage, render, page = 0, onPage = () => {}) {
  const pages = splitPages(list, pager, items, state.elder ? perPage.elder : perPage.normal, render);
  const current = Math.min(Math.max(0, page), pages.length - 1);
  const [from, to] = pages[current];
  list.replaceChildren(...items.slice(from, to).map(render));
  pager.hidden = pages.length === 1;
  pager.replaceChildren();
  if (pages.length === 1) return;
  const button = (key, target, disabled) => {
    const b = biElement('button', 'pager-button', t(`pager.${key}`), `${pager.id}-${key}`);
    b.type = 'button';
    b.disabled = disabled;
    b.onclick = () => {
      onPage(target);
      paginate(list, pager, items, perPage, render, target, onPage);
    };
    return b;
  };
  const where = document.createElement('span');
  where.className = 'pager-where';
  where.textContent = `${current + 1} / ${pages.length}`;
  pager.append(button('prev', current - 1, current === 0), where, button('next', current + 1, current === pages.length - 1));
}

// [from, to) ranges, filled greedily while the list does not overflow.
function splitPages(list, pager, items, size, render) {
  const overflows = () => list.scrollHeight > list.clientHeight + 1;
  if (items.length <= size) {
    pager.hidden = true;
    list.replaceChildren(...items.map(render));
    if (!overflows()) return [[0, items.length]];
  }
  pager.hidden = false; // it takes room from the list: measured as it will be drawn
  const where = document.createElement('span');
  where.className = 'pager-where';
  where.textContent = `${items.length} / ${items.length}`;
  pager.replaceChildren(biElement('button', 'pager-button', t('pager.prev')), where, biElement('button', 'pager-button', t('pager.next')));
  const pages = [];
  for (let from = 0; from < items.length;) {
    list.replaceChildren();
    let to = from;
    while (to < items.length && to - from < size) {
      list.append(render(items[to]));
      if (to > from && overflows()) break;
      to++;
    }
    pages.push([from, to]);
    from = to;
  }
  return pages.length ? pages : [[0, 0]];
}

// A bilingual catalog entry's name as a {zh, en} pair.
export const named = (item) => ({ zh: item?.name_zh ?? '', en: item?.name_en ?? '' });

export const findCategory = (id) => state.catalog?.categories.find((c) => c.id === id) ?? null;
export const findService = (id) => state.catalog?.services?.find((s) => s.id === id) ?? null;

// A small element: tag.class with a bilingual text (and an optional test id).
export function biElement(tag, className, pair, testid) {
  const node = document.createElement(tag);
  node.className = className;
  if (testid) node.dataset.testid = testid;
  return setBi(node, pair);
}

// The place in the queue on a ticket or done screen: the elements `${prefix}-window`, `-ahead` and `-est`.
export function showQueuePlace(prefix, ticket) {
  const category = findCategory(ticket.category);
  const where = category?.location_zh ? { zh: category.location_zh, en: category.location_en } : null;
  setBi($(`${prefix}-window`), where ? t('ticket.windowAt', { w: windowText(ticket), where }) : t('ticket.window', { w: windowText(ticket) }));
  const ahead = $(`${prefix}-ahead`);
  ahead.hidden = !isCount(ticket.waiting_ahead);
  if (!ahead.hidden) setBi(ahead, t(aheadKey(ticket.waiting_ahead), { n: ticket.waiting_ahead }));
  const est = $(`${prefix}-est`);
  est.hidden = !isCount(ticket.est_wait_min) || ticket.waiting_ahead === 0;
  if (!est.hidden) setBi(est, waitText(ticket));
}

// A button for one item of a list: data-id is the item's id, data-testid "<kind>-<id>".
export function itemButton(className, kind, id) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = className;
  button.dataset.id = id;
  button.dataset.testid = `${kind}-${id}`;
  return button;
}

export function handoutChanged({ number, state: where }) {
  if (!number) return; // a technician's test print
  handouts.set(number, where);
  if (handouts.size > 20) handouts.delete(handouts.keys().next().value);
  if (number === shownNumber) showHandout();
}

// The ticket screens' "please take your ticket" line follows the ticket shown (`number`, or the last one), and
// the screen stays while the ticket waits in the mouth, so its citizen sees what became of it. Called after the
// screen's own countdown started.
export function showHandout(number = shownNumber) {
  shownNumber = number;
  const where = handouts.get(number);
  for (const el of document.querySelectorAll('.ticket-take')) {
    el.dataset.takeKey ??= el.dataset.i18n;
    el.dataset.i18n = HANDOUT_KEYS[where] ?? el.dataset.takeKey;
    setBi(el, t(el.dataset.i18n));
    el.classList.toggle('is-problem', where === 'not_taken' || where === 'jammed');
  }
  const seconds = TICKET_SCREENS[state.screen];
  if (!seconds || !where) return;
  if (where === 'waiting') {
    stopCountdown();
    screens.get(state.screen).querySelector('.home-count').textContent = '';
  } else {
    startCountdown(seconds, 'action.home', true);
  }
}
