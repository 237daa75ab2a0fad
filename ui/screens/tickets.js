// Taking a queue ticket: the category grid with live state, and the ticket result.
import { issueTicket, newIdempotencyKey } from '../api.js';
import { closedText, isCount, waitText } from '../format.js';
import { setBi, t } from '../i18n.js';
import {
  $, act, biElement, errorText, findCategory, itemButton, named, paginate, show, showError, showQueuePlace,
  showHandout, startCountdown, state,
} from '../kiosk.js';

const PER_PAGE = { normal: 6, elder: 4 };
let page = 0;

function categoryButton(category) {
  const button = itemButton('category', 'category', category.id);
  const open = category.issuing !== false;
  button.classList.toggle('is-closed', !open);
  button.setAttribute('aria-disabled', String(!open));
  const letter = document.createElement('span');
  letter.className = 'category-letter';
  letter.setAttribute('aria-hidden', 'true');
  letter.textContent = category.letter ?? '';
  button.append(letter, biElement('span', 'category-name', named(category)));
  if (!open) button.append(biElement('span', 'category-closed row', closedText(category)));
  else if (isCount(category.waiting)) {
    button.append(biElement('span', 'category-waiting row', t('category.waiting', { n: category.waiting })));
    if (category.waiting > 0) button.append(biElement('span', 'category-waiting row', waitText(category)));
  }
  return button;
}

// Redraws the grid (the catalog refreshes every few seconds); keeps the page the citizen is on.
export function renderCategories() {
  if (!state.catalog) return;
  paginate($('categories'), $('categories-pager'), state.catalog.categories, PER_PAGE, categoryButton, page, (p) => { page = p; });
}

export function openCategories() {
  page = 0;
  show('categories');
  renderCategories();
}

function showTicket(ticket) {
  const category = findCategory(ticket.category);
  $('ticket-number').textContent = ticket.number;
  setBi($('ticket-category'), named(category));
  showQueuePlace('ticket', ticket);
  $('ticket-offline').hidden = ticket.offline !== true;
  show('ticket');
  startCountdown(10, 'action.home', true);
  showHandout(ticket.number);
}

async function takeTicket(category, tappedAt) {
  if (category.issuing === false) {
    showError(closedText(category, 'closed.message', 'closed.messageNoTime'));
    return;
  }
  const res = await issueTicket(category.id, newIdempotencyKey()); // one tap, one key
  if (!res.ok) {
    showError(errorText(res));
    return;
  }
  showTicket(res.body);
  // Measured at the next frame, when the ticket is drawn (bench/ui_load reads it).
  requestAnimationFrame(() => performance.measure('yici:tap-to-ticket', { start: tappedAt, end: performance.now() }));
}

export function bindTickets() {
  $('categories').addEventListener('click', (event) => {
    const button = event.target.closest('button.category');
    const category = button && findCategory(button.dataset.id);
    if (category) act(() => takeTicket(category, event.timeStamp), { printing: category.issuing !== false });
  });
}
