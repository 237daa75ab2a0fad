// Hall information: every category with its windows, who is waiting, the wait, and when a closed one opens.
import { closedText, isCount, waitText } from '../format.js';
import { t } from '../i18n.js';
import { $, biElement, named, paginate, show, state } from '../kiosk.js';

const PER_PAGE = { normal: 6, elder: 3 };

function infoRow(category) {
  const row = document.createElement('div');
  row.className = 'info-row';
  row.dataset.testid = `info-${category.id}`;
  row.append(biElement('span', 'list-title', named(category)));
  row.append(biElement('span', 'list-note row', t('info.windows', { w: (category.windows ?? []).join('/') })));
  if (category.issuing === false) row.append(biElement('span', 'list-note warn row', closedText(category)));
  else if (isCount(category.waiting)) {
    row.append(biElement('span', 'list-note row', t('category.waiting', { n: category.waiting })));
    if (category.waiting > 0) row.append(biElement('span', 'list-note row', waitText(category)));
  }
  return row;
}

export function renderInfo() {
  if (state.catalog) paginate($('info-list'), $('info-pager'), state.catalog.categories, PER_PAGE, infoRow);
}

export function openInfo() {
  show('info');
  renderInfo();
}
