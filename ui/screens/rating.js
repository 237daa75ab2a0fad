// Rating the service a window gave: the ticket number as printed, 1–5 stars and optional reasons.
import { rate } from '../api.js';
import { setBi, t } from '../i18n.js';
import { applyKey, buildKeypad } from '../keypad.js';
import { $, act, biElement, errorText, onStart, show, startCountdown, state } from '../kiosk.js';

const rating = { ticket: '', score: 0, reasons: new Set() };

function say(pair) {
  $('rating-message').hidden = !pair;
  if (pair) setBi($('rating-message'), pair);
}

function renderReasons() {
  const reasons = state.catalog?.rating_reasons ?? [];
  $('rating-reasons').replaceChildren(...reasons.map((reason) => {
    const button = biElement('button', 'chip', { zh: reason.zh, en: reason.en });
    button.type = 'button';
    button.dataset.id = reason.id;
    button.dataset.testid = `reason-${reason.id}`;
    button.setAttribute('aria-pressed', String(rating.reasons.has(reason.id)));
    return button;
  }));
}

function renderScore() {
  for (const button of $('rating-stars').querySelectorAll('button')) {
    button.setAttribute('aria-pressed', String(Number(button.dataset.score) <= rating.score));
  }
}

export function openRating() {
  rating.ticket = '';
  rating.score = 0;
  rating.reasons = new Set();
  $('rating-ticket').textContent = '';
  renderScore();
  renderReasons();
  say(null);
  show('rating');
}

// A ticket's QR held up to the camera on the start or rating screen opens the rating for that ticket.
export function ticketScanned(number) {
  if (state.screen !== 'start' && state.screen !== 'rating') return;
  if (state.screen === 'start') openRating();
  rating.ticket = number;
  $('rating-ticket').textContent = number;
}

async function submit() {
  if (!rating.ticket) return say(t('rating.needTicket'));
  if (!rating.score) return say(t('rating.needScore'));
  const res = await rate(rating.ticket, rating.score, [...rating.reasons]);
  if (!res.ok) return say(errorText(res));
  show('rated');
  startCountdown(8, 'action.home', true);
}

export function bindRating() {
  onStart(() => { $('rating-ticket').textContent = ''; });
  buildKeypad($('rating-keys'), 'alnum', (key) => {
    rating.ticket = applyKey(rating.ticket, key, 16);
    $('rating-ticket').textContent = rating.ticket;
  });
  const stars = $('rating-stars');
  for (let score = 1; score <= 5; score++) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'star';
    button.dataset.score = String(score);
    button.dataset.testid = `star-${score}`;
    button.textContent = '★';
    button.setAttribute('aria-label', t('rating.stars', { n: score }).zh + ' ' + t('rating.stars', { n: score }).en);
    stars.append(button);
  }
  stars.addEventListener('click', (event) => {
    const button = event.target.closest('button.star');
    if (!button) return;
    rating.score = Number(button.dataset.score);
    renderScore();
  });
  $('rating-reasons').addEventListener('click', (event) => {
    const button = event.target.closest('button.chip');
    if (!button) return;
    const id = button.dataset.id;
    if (rating.reasons.has(id)) rating.reasons.delete(id);
    else rating.reasons.add(id);
    button.setAttribute('aria-pressed', String(rating.reasons.has(id)));
  });
  $('rating-submit').addEventListener('click', () => act(submit));
}
