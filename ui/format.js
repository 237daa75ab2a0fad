// Pure formatting helpers (no DOM): opening times, waits and ticket fields turned into bilingual text.
import { t } from './i18n.js';

const DAY_MS = 86400000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function offsetMinutes(zone, fallbackDate) {
  if (!zone) return -fallbackDate.getTimezoneOffset();
  if (zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

// "2026-11-28T08:30:00+08:00" → {key, vars: {time: '08:30', month, day}}. Today or tomorrow (judged
// in the hall's own time zone, the offset in the string) shows the time only ("下次 08:30");
// later days (over a weekend) add the date. Returns null if unparsable.
export function openTime(iso, now = Date.now()) {
  const m = typeof iso === 'string' ? ISO.exec(iso) : null;
  if (!m) return null;
  const [, year, month, day, hh, mm, zone] = m;
  const vars = { time: `${hh}:${mm}`, month: Number(month), day: Number(day) };
  const hallNow = new Date(now + offsetMinutes(zone, new Date(now)) * 60000);
  const today = Date.UTC(hallNow.getUTCFullYear(), hallNow.getUTCMonth(), hallNow.getUTCDate());
  const days = Math.round((Date.UTC(Number(year), Number(month) - 1, Number(day)) - today) / DAY_MS);
  return { key: days <= 1 ? 'time.clock' : 'time.date', vars };
}

// Key for the "people ahead" line, with correct singular/none wording.
export function aheadKey(n) {
  if (n === 0) return 'ticket.aheadNone';
  if (n === 1) return 'ticket.aheadOne';
  return 'ticket.ahead';
}

// "1/2/3" from the ticket, falling back to its windows list.
export function windowText(ticket) {
  if (ticket.window) return String(ticket.window);
  return Array.isArray(ticket.windows) ? ticket.windows.join('/') : '';
}

export const isCount = (v) => Number.isFinite(v) && v >= 0;

// "Closed · opens 08:30" for a category that is not issuing now.
export function closedText(category, key = 'category.closedAt', keyNoTime = 'category.closed') {
  const when = openTime(category.next_open);
  return when ? t(key, { when: t(when.key, when.vars) }) : t(keyNoTime);
}

// "About 10–20 minutes" from a ticket's or category's est_wait_range, else its est_wait_min.
export function waitText(item) {
  const range = item.est_wait_range;
  if (Array.isArray(range) && range.length === 2 && isCount(range[0]) && isCount(range[1]) && range[1] > 0) {
    return t('wait.range', { lo: range[0], hi: range[1] });
  }
  return t('wait.about', { m: item.est_wait_min });
}
