// Client for the yicid JSON API (catalog and ticket issuing), same origin.

const TIMEOUT_MS = 15000;
const RETRY_DELAY_MS = 600;

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// fetch + full body read; rejects on network failure or timeout (both count as "network error").
async function request(url, init = {}) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  try {
    const res = await fetch(url, { ...init, cache: 'no-store', signal: abort.signal });
    const text = await res.text();
    let body = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    return { status: res.status, ok: res.ok, body };
  } finally {
    clearTimeout(timer);
  }
}

export async function fetchCatalog() {
  const res = await request('/api/v1/catalog');
  if (!res.ok || !res.body || !Array.isArray(res.body.categories)) {
    throw new Error(`catalog: HTTP ${res.status}`);
  }
  return res.body;
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

// Issues a ticket. A network failure is retried once with the SAME key, so the daemon can
// answer with the ticket it already issued instead of printing a second one.
// Resolves to {kind: 'ticket', ticket} | {kind: 'error', code, zh, en} | {kind: 'network'}.
export async function issueTicket(serviceId, key) {
  const init = {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify({ service_id: serviceId }),
  };
  let res;
  try {
    res = await request('/api/v1/tickets', init);
  } catch {
    await delay(RETRY_DELAY_MS);
    try {
      res = await request('/api/v1/tickets', init);
    } catch {
      return { kind: 'network' };
    }
  }
  // Only a printed ticket is in the citizen's hand; anything else is shown as the error it is.
  if (res.ok && res.body && res.body.number && res.body.status === 'printed') return { kind: 'ticket', ticket: res.body };
  const err = (res.body && res.body.error) || {};
  return { kind: 'error', code: err.code || `http_${res.status}`, zh: err.message_zh, en: err.message_en };
}
