// Hall information: what today is (weekday, weekend, holiday, make-up working day), then every category with
// where its windows are, each window's hours today and for the coming week, who is waiting and the wait.
import { closedText, isCount, waitText } from '../format.js';
import { setBi, t } from '../i18n.js';
import { $, biElement, named, paginate, show, state } from '../kiosk.js';

const PER_PAGE = { normal: 6, elder: 3 };

// "08:30–12:00、13:30–17:00" for one day's ranges, or "closed".
function hoursText(ranges) {
  if (ranges.length === 0) return t('info.closed');
  const text = ranges.map((r) => r.replace('-', '–'));
  return { zh: text.join('、'), en: text.join(', ') };
}

function dayName(day) {
  const [, month, date] = day.date.split('-').map(Number);
  if (day.kind === 'holiday') return t('info.holidayDay', { m: month, d: date });
  if (day.kind === 'makeup_workday') return t('info.makeupDay', { m: month, d: date });
  return t(`weekday.${day.weekday}`);
}

// The coming six days after today in runs of the same hours: "周三至周五 08:30–17:00 · 周六 休息 · …". A
// holiday or make-up day stands alone, named by its date.
function weekText(days, hours) {
  const runs = [];
  for (let i = 1; i < days.length; i++) {
    const key = JSON.stringify(hours[i]);
    const last = runs.at(-1);
    const plain = days[i].kind === 'weekday' || days[i].kind === 'weekend';
    if (last && last.plain && plain && last.key === key) last.to = i;
    else runs.push({ from: i, to: i, key, plain });
  }
  const parts = runs.map(({ from, to }) => {
    const span = from === to ? dayName(days[from]) : t('info.dayRange', { from: dayName(days[from]), to: dayName(days[to]) });
    return t('info.dayHours', { day: span, hours: hoursText(hours[from]) });
  });
  return { zh: parts.map((p) => p.zh).join(' · '), en: parts.map((p) => p.en).join(' · ') };
}

// The category's windows grouped by their week of hours (weekend windows apart from weekday-only ones).
function windowGroups(category) {
  const groups = new Map();
  for (const w of state.catalog.windows ?? []) {
    if (w.category !== category.id) continue;
    const key = JSON.stringify(w.hours);
    if (!groups.has(key)) groups.set(key, { numbers: [], hours: w.hours });
    groups.get(key).numbers.push(w.number);
  }
  return [...groups.values()];
}

function infoRow(category) {
  const row = document.createElement('div');
  row.className = 'info-row';
  row.dataset.testid = `info-${category.id}`;
  row.append(biElement('span', 'list-title', named(category)));
  const days = state.catalog.days ?? [];
  for (const group of windowGroups(category)) {
    const where = category.location_zh ? { zh: `${category.location_zh} `, en: `, ${category.location_en}` } : { zh: '', en: '' };
    const windows = t('info.windows', { w: group.numbers.join('/') });
    const today = days.length > 0 ? t('info.todayHours', { hours: hoursText(group.hours[0]) }) : { zh: '', en: '' };
    row.append(biElement('span', 'list-note row info-windows', {
      zh: `${where.zh}${windows.zh} · ${today.zh}`, en: `${windows.en}${where.en} · ${today.en}`,
    }));
    if (days.length > 0) row.append(biElement('span', 'list-note row info-week', weekText(days, group.hours)));
  }
  if (category.issuing === false) row.append(biElement('span', 'list-note warn row', closedText(category)));
  else if (isCount(category.waiting)) {
    const waiting = t('category.waiting', { n: category.waiting });
    const wait = category.waiting > 0 ? waitText(category) : null;
    row.append(biElement('span', 'list-note row', wait ? { zh: `${waiting.zh} · ${wait.zh}`, en: `${waiting.en} · ${wait.en}` } : waiting));
  }
  return row;
}

// What today is, said plainly: a holiday closes the hall, a make-up day works with weekday hours.
function todayText() {
  const today = state.catalog.days?.[0];
  if (!today) return null;
  const [, month, date] = today.date.split('-').map(Number);
  return t(`info.today.${today.kind}`, { m: month, d: date, weekday: t(`weekday.${today.weekday}`) });
}

export function renderInfo() {
  if (!state.catalog) return;
  const today = todayText();
  $('info-today').hidden = !today;
  if (today) setBi($('info-today'), today);
  paginate($('info-list'), $('info-pager'), state.catalog.categories, PER_PAGE, infoRow);
}

export function openInfo() {
  show('info');
  renderInfo();
}
