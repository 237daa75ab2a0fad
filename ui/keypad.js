// On-screen keyboards (the kiosk has no physical one): pinyin initials A–Z, a numeric keypad, and both
// together for codes. Keys are real buttons, so they work by touch, mouse or switch access alike.
import { setBi, t } from './i18n.js';

const LETTER_ROWS = ['ABCDEFG', 'HIJKLMN', 'OPQRST', 'UVWXYZ'];
const DIGIT_ROWS = ['123', '456', '789'];
// Codes and ticket numbers: a compact board (three rows of letters, one of digits).
const ALNUM_ROWS = ['ABCDEFGHI', 'JKLMNOPQR', 'STUVWXYZ', '1234567890'];

// kind: 'letters' | 'digits' | 'alnum'. onKey receives a character, 'back' or 'clear'.
export function buildKeypad(container, kind, onKey) {
  const rows = [];
  if (kind === 'letters') rows.push(...LETTER_ROWS.map((r) => [...r]));
  if (kind === 'digits') rows.push(...DIGIT_ROWS.map((r) => [...r]), ['clear', '0', 'back']);
  if (kind === 'alnum') rows.push(...ALNUM_ROWS.map((r) => [...r]), ['clear', 'back']);
  if (kind === 'letters') rows.push(['clear', 'back']);

  container.replaceChildren();
  container.className = `keypad keypad-${kind}`;
  for (const keys of rows) {
    const row = document.createElement('div');
    row.className = 'keypad-row';
    for (const key of keys) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'key';
      button.dataset.key = key;
      button.dataset.testid = `key-${key}`;
      if (key === 'back' || key === 'clear') {
        button.classList.add('key-wide');
        setBi(button, t(`key.${key}`));
      } else {
        button.textContent = key;
      }
      row.append(button);
    }
    container.append(row);
  }
  container.onclick = (event) => {
    const button = event.target.closest('button.key');
    if (button) onKey(button.dataset.key);
  };
}

// Applies one key to a string value, keeping it within maxLength.
export function applyKey(value, key, maxLength) {
  if (key === 'back') return value.slice(0, -1);
  if (key === 'clear') return '';
  return value.length < maxLength ? value + key : value;
}
