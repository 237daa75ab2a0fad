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
const SERVICES_PER_PAGE = { normal: 6, elder: 3 };
const MATERIALS_PER_PAGE = { normal: 6, elder: 3 };
const MOBILE_DIGITS = 11;

const flow = {
  view: null, // the last session view from the daemon
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
  if (screen === 'face') showFace();
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

export function openCard() {
  say('card', null);
  show('card');
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

// The daemon ended the session (card lifted, idle, shutdown): nothing of it may stay on screen.
export function sessionEnded(data) {
  if (!PREREG_SCREENS.has(state.screen) || state.screen === 'card') return;
  if (data.reason === 'card_removed') showError(t('prereg.cardRemoved'));
  else if (data.reason !== 'registration_done' && data.reason !== 'ended_by_citizen') goStart(true);
}

// ---- service ---------------------------------------------------------------------------------------

function serviceButton(service) {
  const button = itemButton('list-item service', 'service', service.id);
  button.append(biElement('span', 'list-title', named(service)));
  const category = findCategory(service.category);
  if (category) button.append(biElement('span', 'list-note row', named(category)));
  if (service.issuing === false) {
    button.classList.add('is-closed');
    button.append(biElement('span', 'list-note warn row', t('category.closed')));
  }
  return button;
}

async function renderServiceList() {
  const seq = ++flow.searchSeq;
  const noCard = flow.view && !flow.view.has_card;
  let services = state.catalog?.services ?? [];
  if (flow.query) {
    const res = await searchServices(flow.query);
    if (seq !== flow.searchSeq) return;
    services = res.ok ? res.body.services : [];
  }
  if (noCard) services = services.filter((s) => s.no_card_ok);
  $('service-empty').hidden = services.length > 0;
  paginate($('service-list'), $('service-pager'), services, SERVICES_PER_PAGE, serviceButton);
}

function renderService() {
  const citizen = flow.view?.citizen;
  setBi($('service-greeting'), citizen ? t('prereg.hello', { name: citizen.name_masked }) : t('prereg.helloNoCard'));
  $('search-query').textContent = flow.query;
  renderServiceList();
}

// ---- materials ------------------------------------------------------------------------------------

function materialButton(material) {
  const button = itemButton('list-item material', 'material', material.id);
  button.setAttribute('aria-pressed', String(flow.have.has(material.id)));
  const check = document.createElement('span');
  check.className = 'check';
  check.setAttribute('aria-hidden', 'true');
  button.append(check, biElement('span', 'list-title', named(material)));
  if (material.hall_can_copy) button.append(biElement('span', 'list-note row', t('materials.hallCopies')));
  else if (material.where_zh) button.append(biElement('span', 'list-note row', t('materials.where', { where: { zh: material.where_zh, en: material.where_en } })));
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
  const missing = (f.materials ?? []).filter((m) => !m.have);
  $('confirm-missing').hidden = missing.length === 0;
  $('confirm-missing-list').replaceChildren(...missing.map((m) => biElement('li', 'missing-item row', named(m))));
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
  flow.query = '';
  flow.searchSeq++;
  flow.have = new Set();
  flow.details = null;
  flow.active = 'mobile';
  for (const id of ['service-greeting', 'search-query', 'service-list', 'material-list', 'details-fields', 'confirm-summary', 'confirm-missing-list', 'done-code', 'done-number']) {
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

  buildKeypad($('search-keys'), 'letters', (key) => {
    flow.query = applyKey(flow.query, key.toLowerCase(), 12);
    $('search-query').textContent = flow.query;
    renderServiceList();
  });
  $('service-list').addEventListener('click', (event) => {
    const button = event.target.closest('button.service');
    if (button) act(() => step('service', () => session.chooseService(button.dataset.id)));
  });

  $('material-list').addEventListener('click', (event) => {
    const button = event.target.closest('button.material');
    if (!button) return;
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
