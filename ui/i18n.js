// Bilingual strings: loads i18n/*.json, fills {placeholders} and renders zh/en pairs into the DOM.

const files = { zh: 'i18n/zh-CN.json', en: 'i18n/en.json' };
const dicts = { zh: {}, en: {} };

// Fetches both string tables; rejects if either cannot be loaded.
export async function loadStrings() {
  for (const [lang, file] of Object.entries(files)) {
    const res = await fetch(file, { cache: 'no-store' });
    if (!res.ok) throw new Error(`${file}: HTTP ${res.status}`);
    dicts[lang] = await res.json();
  }
}

// Variable values may be plain (same in both languages) or a {zh, en} pair.
function fill(lang, key, vars) {
  const text = dicts[lang][key];
  if (typeof text !== 'string') {
    console.warn(`i18n: missing ${lang} string "${key}"`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (match, name) => {
    if (!(name in vars)) return match;
    const value = vars[name];
    return String(value !== null && typeof value === 'object' ? value[lang] : value);
  });
}

// Whether both catalogs have `key`.
export const hasString = (key) => typeof dicts.zh[key] === 'string' && typeof dicts.en[key] === 'string';

// Returns {zh, en} for a key with placeholders substituted.
export function t(key, vars = {}) {
  return { zh: fill('zh', key, vars), en: fill('en', key, vars) };
}

// Writes a {zh, en} pair into el as <span class="zh"> + <span class="en">, reusing existing spans
// (so attributes on them survive). CSS decides which one is primary for the current language.
export function setBi(el, pair) {
  el.classList.add('bi');
  for (const lang of ['zh', 'en']) {
    let span = el.querySelector(`:scope > .${lang}`);
    if (!span) {
      span = document.createElement('span');
      span.className = lang;
      span.lang = lang === 'zh' ? 'zh-CN' : 'en';
      el.append(span);
    }
    span.textContent = pair[lang] ?? '';
  }
  return el;
}

// Fills every element carrying data-i18n="key" (static labels in index.html).
export function applyStatic(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) setBi(el, t(el.dataset.i18n));
}

// Switches which language is shown first and large ('zh' or 'en').
export function setLang(lang) {
  const root = document.documentElement;
  root.dataset.lang = lang;
  root.lang = lang === 'en' ? 'en' : 'zh-CN';
  document.title = t('app.title')[lang];
}

export function getLang() {
  return document.documentElement.dataset.lang === 'en' ? 'en' : 'zh';
}
