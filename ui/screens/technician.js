// The technician screen, behind a registered staff card and the PIN from the board config: device health,
// recent faults, the hall link's backlog, the counted paper roll (and a new one confirmed), a test ticket, and
// by a ticket's number (screen "priority") the confirmation of a citizen's claimed priority or a reprint (补打).
// A staff card's tap (event staff_card) opens the PIN pad; the daemon checks a PIN only within a minute of that
// tap.
import { technician } from '../api.js';
import { hasString, setBi, t } from '../i18n.js';
import { applyKey, buildKeypad } from '../keypad.js';
import { $, act, errorText, goStart, onStart, show, state } from '../kiosk.js';

const tech = { pin: '', token: '', ticket: '' };

function say(id, pair) {
  $(id).hidden = !pair;
  if (pair) setBi($(id), pair);
}

function cell(text, className = '') {
  const td = document.createElement('td');
  td.textContent = text ?? '';
  if (className) td.className = className;
  return td;
}

// A local ISO time as "HH:MM:SS", with "MM-DD" in front when it is not today's (the date is on top).
function shortTime(iso, today) {
  if (!iso) return '';
  const time = iso.slice(11, 19);
  return iso.slice(0, 10) === today ? time : `${iso.slice(5, 10)} ${time}`;
}

const CELL_CLASS = { health: (row) => `health-${row.health}`, detail: () => 'wrap' };

// A device's code with what to check and do about it, in plain words.
function codeCell(row, withFix) {
  const td = cell(row.code, 'wrap');
  if (withFix && row.health !== 'ok') {
    const fix = document.createElement('span');
    fix.className = 'tech-fix';
    fix.dataset.testid = 'tech-fix';
    setBi(fix, t(hasString(`fix.${row.code}`) ? `fix.${row.code}` : 'fix.other'));
    td.append(fix);
  }
  return td;
}

function table(id, rows, columns, today) {
  $(id).replaceChildren(...rows.map((row) => {
    const tr = document.createElement('tr');
    tr.dataset.testid = `${id}-${row.device}`;
    for (const column of columns) {
      if (column === 'code') tr.append(codeCell(row, id === 'tech-devices')); // the faults list stays short
      else if (column === 'cleared') tr.append(row.cleared ? cell(shortTime(row.cleared, today)) : setBi(cell(''), t('tech.stillOpen')));
      else tr.append(cell(column === 'at' || column === 'since' ? shortTime(row[column], today) : row[column], CELL_CLASS[column]?.(row) ?? ''));
    }
    return tr;
  }));
}

async function refresh() {
  const res = await technician.status(tech.token);
  if (!res.ok) {
    if (res.code === 'technician_login_required') return openPin();
    return say('tech-message', errorText(res));
  }
  const s = res.body;
  $('tech-identity').textContent = `${s.kiosk_id} · ${s.version} · ${s.now}`;
  const today = s.now.slice(0, 10);
  table('tech-devices', s.devices, ['device', 'health', 'code', 'detail', 'since'], today);
  table('tech-faults', s.recent_faults, ['at', 'device', 'health', 'code', 'cleared'], today);
  $('tech-faults-none').hidden = s.recent_faults.length > 0;
  // Newest faults first; drop the oldest rows that do not fit on the screen (no scroll bars).
  const panel = $('tech-faults-panel');
  const faults = $('tech-faults');
  while (faults.rows.length > 0 && panel.scrollHeight > panel.clientHeight) faults.lastElementChild.remove();
  setBi($('tech-outbox'), t('tech.outbox', { n: s.outbox.pending, s: s.outbox.oldest_age_s }));
  // The counted paper roll (a board with [printer] roll_length_m), and the button that starts a new one.
  const roll = s.paper_roll;
  $('tech-paper').hidden = !roll;
  $('tech-new-roll').hidden = !roll;
  if (roll) setBi($('tech-paper'), t('tech.paper', { m: Math.round(roll.remaining_m), p: Math.round(roll.remaining_ratio * 100), l: roll.length_m }));
}

function openPin() {
  tech.pin = '';
  tech.token = '';
  $('pin-dots').textContent = '';
  say('pin-message', null);
  show('pin');
}

async function login() {
  const res = await technician.login(tech.pin);
  tech.pin = '';
  $('pin-dots').textContent = '';
  if (!res.ok) return say('pin-message', errorText(res));
  tech.token = res.body.token;
  say('tech-message', null);
  show('technician');
  await refresh();
}

async function logout() {
  if (tech.token) await technician.logout(tech.token);
  tech.token = '';
  goStart(true);
}

// A registered staff card was tapped: the PIN pad, over whatever the screen showed (when the board has a PIN).
export function staffCardTapped() {
  if (!state.catalog?.technician || state.screen === 'technician' || state.screen === 'priority') return;
  openPin();
}

function openPriority() {
  tech.ticket = '';
  $('priority-ticket').textContent = '';
  say('priority-message', null);
  show('priority');
}

async function confirmPriority() {
  if (!tech.ticket) return say('priority-message', t('priority.needTicket'));
  const res = await technician.confirmPriority(tech.token, tech.ticket);
  if (!res.ok) {
    if (res.code === 'technician_login_required') return openPin();
    return say('priority-message', errorText(res));
  }
  say('priority-message', t('priority.done', { n: res.body.number }));
  tech.ticket = '';
  $('priority-ticket').textContent = '';
}

async function reprint() {
  if (!tech.ticket) return say('priority-message', t('priority.needTicket'));
  const res = await technician.reprint(tech.token, tech.ticket);
  if (!res.ok) {
    if (res.code === 'technician_login_required') return openPin();
    return say('priority-message', errorText(res));
  }
  say('priority-message', t('reprint.done', { n: res.body.number, k: res.body.reprints }));
  tech.ticket = '';
  $('priority-ticket').textContent = '';
}

export const technicianScreens = new Set(['pin', 'technician', 'priority']);

export function bindTechnician() {
  onStart(() => {
    tech.pin = '';
    if (tech.token) technician.logout(tech.token);
    tech.token = '';
  });
  buildKeypad($('pin-keys'), 'digits', (key) => {
    tech.pin = applyKey(tech.pin, key, 12);
    $('pin-dots').textContent = '•'.repeat(tech.pin.length);
  });
  $('pin-enter').addEventListener('click', () => act(login));
  $('pin-cancel').addEventListener('click', () => goStart(true));
  $('tech-refresh').addEventListener('click', () => act(refresh));
  $('tech-print').addEventListener('click', () => act(async () => {
    const res = await technician.testPrint(tech.token);
    say('tech-message', res.ok ? t('tech.printed') : errorText(res));
    await refresh();
  }));
  $('tech-exit').addEventListener('click', () => act(logout));
  $('tech-new-roll').addEventListener('click', () => act(async () => {
    const res = await technician.newRoll(tech.token);
    say('tech-message', res.ok ? t('tech.newRollDone') : errorText(res));
    await refresh();
  }));
  $('tech-priority').addEventListener('click', openPriority);
  buildKeypad($('priority-keys'), 'alnum', (key) => {
    tech.ticket = applyKey(tech.ticket, key, 8);
    $('priority-ticket').textContent = tech.ticket;
  });
  $('priority-confirm').addEventListener('click', () => act(confirmPriority));
  $('priority-reprint').addEventListener('click', () => act(reprint, { printing: true }));
  $('priority-back').addEventListener('click', () => act(async () => {
    show('technician');
    await refresh();
  }));
}
