// Follows GET /api/v1/events (server-sent events) for as long as the page lives. EventSource retries a
// dropped connection by itself (the daemon sends retry: 2000); when it gives up (an HTTP error while
// yicid restarts) a new one is opened, so the screen never needs a reload.

const REOPEN_MS = 2000;
const NAMES = [
  'card_tapped', 'card_error', 'card_removed', 'photo_ready', 'session_ended', 'registered', 'device', 'face', 'face_done',
  'qr', 'staff_card', 'ticket_handout',
];

// handlers: {event name: fn(data)}, plus onLink(connected: bool) and onReconnect() after an outage.
export function followEvents(handlers) {
  let source = null;
  let lost = false;

  const open = () => {
    source = new EventSource('/api/v1/events');
    source.addEventListener('open', () => {
      handlers.onLink?.(true);
      if (lost) handlers.onReconnect?.();
      lost = false;
    });
    source.addEventListener('error', () => {
      lost = true;
      handlers.onLink?.(false);
      if (source.readyState === EventSource.CLOSED) {
        source = null;
        setTimeout(open, REOPEN_MS);
      }
    });
    for (const name of NAMES) {
      source.addEventListener(name, (event) => {
        let data = {};
        try {
          data = JSON.parse(event.data);
        } catch {
          return;
        }
        handlers[name]?.(data);
      });
    }
  };
  open();
}
