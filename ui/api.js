// Client for the yicid JSON API, same origin. Every call resolves to a Result and never throws:
// {ok: true, status, body} or {ok: false, status, code, zh, en, body}; status 0 means the kiosk's own
// daemon did not answer (restarting), code 'network'.

const TIMEOUT_MS = 15000;
const RETRY_DELAY_MS = 600;

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function request(method, url, { body, headers = {} } = {}) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  const init = { method, headers: { ...headers }, cache: 'no-store', signal: abort.signal };
  // Every POST says JSON, even without a body: yicid refuses any other (a cross-site form cannot send it).
  if (method === 'POST') init.headers['Content-Type'] = 'application/json';
  if (body !== undefined) init.body = JSON.stringify(body);
  try {
    const res = await fetch(url, init);
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (res.ok) return { ok: true, status: res.status, body: json };
    const err = (json && json.error) || {};
    return { ok: false, status: res.status, code: err.code || `http_${res.status}`, zh: err.message_zh, en: err.message_en, body: json };
  } catch {
    return { ok: false, status: 0, code: 'network' };
  } finally {
    clearTimeout(timer);
  }
}

// One key per tap. randomUUID needs a secure context (127.0.0.1 is one); fall back just in case.
export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const fetchCatalog = () => request('GET', '/api/v1/catalog');

// Issues a ticket. A network failure is retried once with the SAME key, so the daemon answers with the
// ticket it already issued instead of printing a second one. Only a printed ticket counts as success.
export async function issueTicket(serviceId, key) {
  const send = () => request('POST', '/api/v1/tickets', { body: { service_id: serviceId }, headers: { 'Idempotency-Key': key } });
  let res = await send();
  if (res.status === 0) {
    await delay(RETRY_DELAY_MS);
    res = await send();
  }
  if (res.ok && !(res.body && res.body.number && res.body.status === 'printed')) {
    return { ok: false, status: res.status, code: 'not_printed' };
  }
  return res;
}

export const session = {
  get: () => request('GET', '/api/v1/session'),
  touch: () => request('POST', '/api/v1/session/touch'),
  end: () => request('DELETE', '/api/v1/session'),
  noCard: () => request('POST', '/api/v1/session/no-card'),
  chooseService: (serviceId) => request('POST', '/api/v1/session/service', { body: { service_id: serviceId } }),
  materials: (have) => request('POST', '/api/v1/session/materials', { body: { have } }),
  details: (details) => request('POST', '/api/v1/session/details', { body: details }),
  back: () => request('POST', '/api/v1/session/back'),
  faceSkip: () => request('POST', '/api/v1/session/face/skip'),
  elderMode: (on) => request('POST', '/api/v1/session/elder-mode', { body: { on } }),
};

export const register = () => request('POST', '/api/v1/registrations');

export const searchServices = (q) => request('GET', `/api/v1/catalog/search?q=${encodeURIComponent(q)}`);

export const rate = (ticket, score, reasons) => request('POST', '/api/v1/ratings', { body: { ticket, score, reasons } });

export const technician = {
  login: (pin) => request('POST', '/api/v1/technician/login', { body: { pin } }),
  status: (token) => request('GET', '/api/v1/technician/status', { headers: { Authorization: `Bearer ${token}` } }),
  testPrint: (token) => request('POST', '/api/v1/technician/test-print', { headers: { Authorization: `Bearer ${token}` } }),
  confirmPriority: (token, number) => request('POST', `/api/v1/technician/tickets/${encodeURIComponent(number)}/confirm-priority`,
    { headers: { Authorization: `Bearer ${token}` } }),
  newRoll: (token) => request('POST', '/api/v1/technician/printer/new-roll', { headers: { Authorization: `Bearer ${token}` } }),
  reprint: (token, number) => request('POST', `/api/v1/technician/tickets/${encodeURIComponent(number)}/reprint`,
    { headers: { Authorization: `Bearer ${token}` } }),
  logout: (token) => request('DELETE', '/api/v1/technician/session', { headers: { Authorization: `Bearer ${token}` } }),
};
