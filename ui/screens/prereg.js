// Pre-registration at the entrance: card prompt → service (search by pinyin initials) → materials →
// details → confirm → done. The daemon owns the flow (every step answers with the session); this module
// shows the step the session is at and keeps personal data only on screen, cleared when the session ends.
import { register, searchServices, session } from '../api.js';
import { setBi, t } from '../i18n.js';
import { applyKey, buildKeypad } from '../keypad.js';
import { showFace } from './face.js';
import {
  $, act, biElement, errorText, findCategory, findService, goStart, itemButton, named, onStart, paginate, show,
  showError, showHandout, showQueuePlace, startCountdown, state,
} from '../kiosk.js';

const STEP_SCREENS = {
  identify: 'card', choose: 'service', face: 'face', materials: 'materials', details: 'details', confirm: 'confirm',
};
export const PREREG_SCREENS = new Set(Object.values(STEP_SCREENS));
// At most this many; paging fits fewer when they do not fit the screen.
const SERVICES_PER_PAGE = { normal: 8, elder: 5 };
const MATERIALS_PER_PAGE = { normal: 6, elder: 3 };
const TO_BRING_PER_PAGE = { normal: 12, elder: 12 }; // as many as fit
const MOBILE_DIGITS = 11;

const flow = {
  view: null, // the last session view from the daemon
  browse: 'categories', // the service screen: 'categories', 'items' (of flow.category) or 'search'
  category: null,
  servicePage: 0,
  query: '', // pinyin initials typed on the service screen
  searchSeq: 0,
  have: new Set(),
  details: null, // {mobile, fields: {id: value}, disabled, appointment_code}
  active: 'mobile', // the detail field the keypad types into
};

// ---- messages on the flow screens ----------------------------------------------

function say(screen, pair) {
  const box = $(`${screen}-message`);
  box.hidden = !pair;
  if (pair) setBi(box, pair);
}

// ---- steps -----------------------------------------------------------------------

// Shows the screen for the step the session is at; a session that ended sends the citizen to start.
function follow(view) {
  flow.view = view;
  if (!view || !view.active) {
    goStart(true);
    return;
  }
  const screen = STEP_SCREENS[view.flow?.step] ?? 'card';
  for (const name of PREREG_SCREENS) if (name !== 'card') say(name, null);
  show(screen); // first: paging measures the visible list
  if (screen === 'face') {
    showFace();
    confirmFaceStep();
  }
  if (screen === 'service') renderService();
  if (screen === 'materials') renderMaterials();
  if (screen === 'details') renderDetails();
  if (screen === 'confirm') renderConfirm();
}

// Runs a flow request; the answer is the session at its new step, or an error said on this screen.
async function step(screen, request) {
  const res = await request();
  if (res.ok) {
    follow(res.body);
    return;
  }
  if (res.code === 'no_session') {
    goStart(true);
    return;
  }
  say(screen, errorText(res));
}

// Elder mode changed the page sizes: draw the current step again.
export function redrawPrereg() {
  if (flow.view && PREREG_SCREENS.has(state.screen) && state.screen !== 'card') follow(flow.view);
}

// A reader that cannot read is said on the card screen at once (its way out: cancel, or items without a card).
function readerFault() {
  const reader = state.devices.get('id_reader');
  return reader && reader.health !== 'ok' && reader.message_zh ? { zh: reader.message_zh, en: reader.message_en } : null;
}

export function openCard() {
  say('card', null);
  show('card');
  readerChanged();
}

// The reader's health changed: the card screen says so, or stops saying so.
export function readerChanged() {
  if (state.screen !== 'card') return;
  const fault = readerFault();
  if (fault || $('card-message').dataset.reader) say('card', fault);
  $('card-message').dataset.reader = fault ? 'yes' : '';
}

// A card was tapped (from any citizen screen): fetch the session and continue at its step.
export async function cardTapped(data, suggestElder) {
  const res = await session.get();
  if (!res.ok || !res.body?.active) return;
  follow(res.body);
  if (data.elderly && !state.elder) suggestElder();
}

// The face check ended (matched, or handed to staff): its last words stay readable for a moment, then the
// flow continues at the step the session is at now.
const FACE_RESULT_MS = 1200;
export async function faceDone() {
  if (state.screen !== 'face') return;
  await new Promise((resolve) => { setTimeout(resolve, FACE_RESULT_MS); });
  if (state.screen !== 'face') return;
  const res = await session.get();
  if (res.ok) follow(res.body);
}

// The face step may have ended (no camera: handed to staff at once) before its screen showed: the screen
// follows the session's step, not the answer that led to it.
async function confirmFaceStep() {
  const res = await session.get();
  if (state.screen === 'face' && res.ok && res.body?.flow?.step !== 'face') follow(res.body);
}

// An appointment code held up to the camera fills the details step's field.
export function appointmentScanned(code) {
  if (state.screen !== 'details' || !flow.details) return;
  flow.details.appointment_code = code;
  flow.active = 'appointment_code';
  renderDetails();
}

export function cardError(data) {
  const pair = { zh: data.message_zh, en: data.message_en };
  if (state.screen === 'card') say('card', pair);
  else if (state.screen === 'start') {
    openCard();
    say('card', pair);
  }
}

// The daemon ended the session (idle, shutdown): nothing of it may stay on screen.
export function sessionEnded(data) {
  if (!PREREG_SCREENS.has(state.screen) || state.screen === 'card') return;
  if (data.reason !== 'registration_done' && data.reason !== 'ended_by_citizen') goStart(true);
}

// ---- service ---------------------------------------------------------------------------------------

function serviceButton(service) {
  const button = itemButton('list-item service', 'service', service.id);
  button.append(biElement('span', 'list-title', named(service)));
  // Browsing a category says it once, in the prompt; search results name theirs.
  const category = flow.browse === 'search' && findCategory(service.category);
  if (category) button.append(biElement('span', 'list-note row', named(category)));
  if (service.issuing === false) {
    button.classList.add('is-closed');
    button.append(biElement('span', 'list-note warn row', t('category.closed')));
  }
  return button;
}

// The items this citizen may choose: all, or only those that need no card.
function choosable(services) {
  return flow.view && !flow.view.has_card ? services.filter((s) => s.no_card_ok) : services;
}

function categoryTile(category) {
  const button = itemButton('category', 'service-category', category.id);
  const letter = document.createElement('span');
  letter.className = 'category-letter';
  letter.setAttribute('aria-hidden', 'true');
  letter.textContent = category.letter ?? '';
  button.append(letter, biElement('span', 'category-name', named(category)));
  return button;
}

async function renderServiceList() {
  const seq = ++flow.searchSeq;
  let services = state.catalog?.services ?? [];
  if (flow.browse === 'search' && flow.query) {
    const res = await searchServices(flow.query);
    if (seq !== flow.searchSeq) return;
    services = res.ok ? res.body.services : [];
  } else if (flow.browse === 'items') {
    services = services.filter((s) => s.category === flow.category);
  }
  services = choosable(services);
  $('service-empty').hidden = services.length > 0;
  paginate($('service-list'), $('service-pager'), services, SERVICES_PER_PAGE, serviceButton, flow.servicePage,
    (page) => { flow.servicePage = page; });
}

// The service screen in its mode: the category tiles, one category's items, or the pinyin search.
function drawBrowse() {
  const { browse } = flow;
  const category = findCategory(flow.category);
  setBi($('service-prompt'), browse === 'categories' ? t('service.promptCategory')
    : browse === 'items' ? t('service.promptItem', { category: named(category) }) : t('service.promptSearch'));
  $('service-greeting').hidden = browse === 'search'; // the keyboard needs the room
  $('service-all').hidden = browse === 'categories';
  $('service-search').hidden = browse === 'search';
  $('service-categories').hidden = browse !== 'categories';
  $('service-browse').hidden = browse === 'categories';
  $('service-search-box').hidden = browse !== 'search';
  $('service-keys-side').hidden = browse !== 'search';
  if (browse === 'categories') {
    const services = choosable(state.catalog?.services ?? []);
    const tiles = (state.catalog?.categories ?? []).filter((c) => services.some((s) => s.category === c.id));
    $('service-categories').replaceChildren(...tiles.map(categoryTile));
    return;
  }
  $('search-query').textContent = flow.query;
  renderServiceList();
}

function browseTo(mode, category = null) {
  flow.browse = mode;
  flow.category = category;
  flow.servicePage = 0;
  flow.query = '';
  drawBrowse();
}

function renderService() {
  const citizen = flow.view?.citizen;
  setBi($('service-greeting'), citizen ? t('prereg.helloCardRead', { name: citizen.name_masked }) : t('prereg.helloNoCard'));
  drawBrowse();
}

// ---- materials ------------------------------------------------------------------------------------

// Where to get a material the citizen lacks, as a {zh, en} pair (null when the hall file says nothing).
const whereText = (m) => (m.where_zh ? t('materials.where', { where: { zh: m.where_zh, en: m.where_en } }) : null);

// A material is ticked by the citizen, or fixed: the card read here proves it (ticked, locked), or the hall
// provides it on site (never missing).
function materialButton(material) {
  const button = itemButton('list-item material', 'material', material.id);
  const fixed = material.proven_by_card || material.hall_can_copy;
  button.setAttribute('aria-pressed', String(flow.have.has(material.id) || fixed));
  if (fixed) {
    button.setAttribute('aria-disabled', 'true');
    button.classList.add(material.proven_by_card ? 'is-proven' : 'is-provided');
  }
  const check = document.createElement('span');
  check.className = 'check';
  check.setAttribute('aria-hidden', 'true');
  button.append(check, biElement('span', 'list-title', named(material)));
  const note = material.proven_by_card ? t('materials.provenByCard')
    : material.hall_can_copy ? t('materials.providedHere') : whereText(material);
  if (note) button.append(biElement('span', `list-note row${fixed ? ' fixed-note' : ''}`, note));
  return button;
}

function renderMaterials() {
  const f = flow.view.flow;
  flow.have = new Set(f.materials_have);
  setBi($('materials-service'), named(findService(f.service_id)));
  const materials = f.materials ?? [];
  $('materials-none').hidden = materials.length > 0;
  paginate($('material-list'), $('material-pager'), materials, MATERIALS_PER_PAGE, materialButton);
}

// ---- details ---------------------------------------------------------------------------------------

// The inputs the details step asks for: mobile, the item's declared fields, an optional appointment code.
function detailInputs() {
  const inputs = [{ id: 'mobile', label: t('details.mobile'), kind: 'digits', max: MOBILE_DIGITS }];
  for (const id of flow.view.flow.fields ?? []) {
    const field = state.catalog?.fields?.[id];
    if (field) inputs.push({ id, label: named(field), kind: field.kind === 'digits' ? 'digits' : 'alnum', max: field.max_length });
  }
  inputs.push({ id: 'appointment_code', label: t('details.appointment'), kind: 'alnum', max: 16 });
  return inputs;
}

const detailValue = (id) => (id === 'mobile' || id === 'appointment_code' ? flow.details[id] : flow.details.fields[id] ?? '');

function setDetailValue(id, value) {
  if (id === 'mobile' || id === 'appointment_code') flow.details[id] = value;
  else flow.details.fields[id] = value;
}

function renderDetails() {
  if (!flow.details) flow.details = { mobile: '', fields: {}, disabled: false, appointment_code: '' };
  const inputs = detailInputs();
  if (!inputs.some((i) => i.id === flow.active)) flow.active = 'mobile';
  const list = $('details-fields');
  list.replaceChildren(...inputs.map((input) => {
    const button = itemButton('field', 'field', input.id);
    button.setAttribute('aria-pressed', String(input.id === flow.active));
    const value = document.createElement('span');
    value.className = 'field-value';
    value.dataset.testid = `value-${input.id}`;
    value.textContent = detailValue(input.id);
    button.append(biElement('span', 'field-label', input.label), value);
    return button;
  }));
  const active = inputs.find((i) => i.id === flow.active);
  buildKeypad($('details-keys'), active.kind, (key) => {
    setDetailValue(active.id, applyKey(detailValue(active.id), key, active.max));
    list.querySelector(`[data-id="${active.id}"] .field-value`).textContent = detailValue(active.id);
  });
  $('details-disabled').setAttribute('aria-pressed', String(flow.details.disabled));
}

function detailsBody() {
  const body = { mobile: flow.details.mobile, fields: {}, disabled: flow.details.disabled };
  for (const id of flow.view.flow.fields ?? []) body.fields[id] = flow.details.fields[id] ?? '';
  if (flow.details.appointment_code) body.appointment_code = flow.details.appointment_code;
  return body;
}

// ---- confirm and done --------------------------------------------------------------------------------

function summaryRow(label, value, testid) {
  const row = document.createElement('div');
  row.className = 'summary-row';
  const dd = document.createElement('span');
  dd.className = 'summary-value';
  if (testid) dd.dataset.testid = testid;
  if (typeof value === 'string') dd.textContent = value;
  else setBi(dd, value);
  row.append(biElement('span', 'summary-label', label), dd);
  return row;
}

function renderConfirm() {
  const { citizen, flow: f } = flow.view;
  const rows = [];
  if (citizen) {
    rows.push(summaryRow(t('confirm.name'), citizen.name, 'confirm-name'));
    rows.push(summaryRow(t('confirm.idNumber'), citizen.id_number_masked));
  }
  rows.push(summaryRow(t('confirm.service'), named(findService(f.service_id))));
  rows.push(summaryRow(t('details.mobile'), f.details?.mobile_masked ?? ''));
  for (const [id, value] of Object.entries(f.details?.fields ?? {})) rows.push(summaryRow(named(state.catalog?.fields?.[id]), value));
  if (f.details?.disabled) rows.push(summaryRow(t('confirm.priority'), t('details.disabled')));
  if (f.details?.appointment) rows.push(summaryRow(t('confirm.priority'), t('confirm.appointment')));
  $('confirm-summary').replaceChildren(...rows);
  // The names only, in one paragraph: the done screen and the ticket add where to get each.
  const missing = (f.materials_missing ?? []).map((id) => ({ id, ...state.catalog?.materials?.[id] }));
  $('confirm-missing').hidden = missing.length === 0;
  $('confirm-missing-list').replaceChildren(...missing.map((m) => biElement('li', 'missing-name', named(m), `confirm-missing-${m.id}`)));
}

// The one-time list (一次性告知) on the done screen: what is still missing and where to get each, with the hall's
// phone, as printed on the ticket. Shown after the screen, so that a long list is paged to fit it.
function showToBring(missing) {
  $('done-missing').hidden = missing.length === 0;
  // The hall's phone on the title's line: the list keeps the room.
  const phone = state.catalog?.hall?.service_phone;
  const title = t('done.missing');
  const call = phone ? t('done.phone', { phone }) : { zh: '', en: '' };
  setBi($('done-missing-title'), { zh: `${title.zh} ${call.zh}`.trim(), en: `${title.en} ${call.en}`.trim() });
  const render = (m) => {
    const item = document.createElement('li');
    item.className = 'missing-item';
    item.dataset.testid = `done-missing-${m.id}`;
    item.append(biElement('span', 'missing-name row', named(m)));
    const where = whereText(m);
    if (where) item.append(biElement('span', 'missing-where row', where));
    return item;
  };
  paginate($('done-missing-list'), $('done-missing-pager'), missing, TO_BRING_PER_PAGE, render);
}

function showDone({ registration, ticket }, declared) {
  $('done-code').textContent = registration.code;
  $('done-number').textContent = ticket.number;
  showQueuePlace('done', ticket);
  // A claim waits for staff; only a proven or confirmed priority is shown as one, worded as on the paper.
  const wording = ticket.priority_claim
    ? t(declared ? 'priority.claimed' : 'priority.appointmentClaimed')
    : ticket.priority_wording;
  $('done-priority').hidden = !wording;
  if (wording) setBi($('done-priority'), wording);
  show('done');
  startCountdown(15, 'action.home', true);
  showHandout(ticket.number);
  // Last: the list is paged to the room the screen leaves it.
  showToBring(registration.missing_materials.map((id) => ({ id, ...state.catalog?.materials?.[id] })));
}

async function confirm() {
  const declared = Boolean(flow.details?.disabled); // read before the session ends with the answer
  const res = await register();
  if (res.ok) {
    showDone(res.body, declared);
    return;
  }
  if (res.code === 'no_session') goStart(true);
  else say('confirm', errorText(res)); // the session stays at confirm: the citizen may retry once fixed
}

// ---- clearing ------------------------------------------------------------------------------------------------

// Empties every element that held personal data and forgets the flow.
function clearFlow() {
  flow.view = null;
  flow.browse = 'categories';
  flow.category = null;
  flow.servicePage = 0;
  flow.query = '';
  flow.searchSeq++;
  flow.have = new Set();
  flow.details = null;
  flow.active = 'mobile';
  for (const id of ['service-greeting', 'search-query', 'service-list', 'material-list', 'details-fields', 'confirm-summary', 'confirm-missing-list', 'done-code', 'done-number', 'done-missing-list']) {
    $(id).replaceChildren();
  }
  for (const name of PREREG_SCREENS) say(name, null);
}

// ---- wiring ------------------------------------------------------------------------------------------------

export function bindPrereg() {
  onStart(clearFlow);
  const cancel = () => act(async () => {
    await session.end();
    goStart(true);
  });
  for (const button of document.querySelectorAll('[data-action="prereg-cancel"]')) button.addEventListener('click', cancel);
  for (const button of document.querySelectorAll('[data-action="prereg-back"]')) {
    button.addEventListener('click', () => act(() => step(state.screen, session.back)));
  }
  $('no-card-button').addEventListener('click', () => act(() => step('card', session.noCard)));
  $('face-staff').addEventListener('click', () => act(() => step('face', session.faceSkip)));

  $('service-all').addEventListener('click', () => browseTo('categories'));
  $('service-search').addEventListener('click', () => browseTo('search'));
  $('service-categories').addEventListener('click', (event) => {
    const button = event.target.closest('button.category');
    if (button) browseTo('items', button.dataset.id);
  });
  buildKeypad($('search-keys'), 'letters', (key) => {
    flow.query = applyKey(flow.query, key.toLowerCase(), 12);
    flow.servicePage = 0;
    $('search-query').textContent = flow.query;
    renderServiceList();
  });
  $('service-list').addEventListener('click', (event) => {
    const button = event.target.closest('button.service');
    if (button) act(() => step('service', () => session.chooseService(button.dataset.id)));
  });

  $('material-list').addEventListener('click', (event) => {
    const button = event.target.closest('button.material');
    if (!button || button.getAttribute('aria-disabled') === 'true') return;
    const id = button.dataset.id;
    if (flow.have.has(id)) flow.have.delete(id);
    else flow.have.add(id);
    button.setAttribute('aria-pressed', String(flow.have.has(id)));
  });
  $('materials-next').addEventListener('click', () => act(() => step('materials', () => session.materials([...flow.have]))));

  $('details-fields').addEventListener('click', (event) => {
    const button = event.target.closest('button.field');
    if (!button) return;
    flow.active = button.dataset.id;
    renderDetails();
  });
  $('details-disabled').addEventListener('click', () => {
    flow.details.disabled = !flow.details.disabled;
    $('details-disabled').setAttribute('aria-pressed', String(flow.details.disabled));
  });
  $('details-next').addEventListener('click', () => act(() => step('details', () => session.details(detailsBody()))));

  $('confirm-button').addEventListener('click', () => act(confirm, { printing: true }));
}
