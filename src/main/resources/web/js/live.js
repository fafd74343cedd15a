// A live feed over Server-Sent Events that is honest about its connection.
// EventSource resumes by itself with Last-Event-ID after a dropped connection; when it gives up
// (readyState CLOSED, e.g. after an HTTP error) we open a new one with ?last_event_id=.
// A feed that has been silent for longer than 2.5 heartbeats is reported as 'stale'.
import { t } from './i18n.js';

export class Live {
  /**
   * @param url stream URL (with heartbeat=event)
   * @param handlers { state(data), alert(data), reset(), status(s) } — status is one of
   *        'connecting', 'live', 'reconnecting', 'stale'
   * @param heartbeatSeconds the server's heartbeat interval
   */
  constructor(url, handlers, heartbeatSeconds) {
    this.url = url;
    this.h = handlers;
    this.staleMs = 2.5 * heartbeatSeconds * 1000;
    this.lastId = null;
    this.lastHeard = Date.now();
    this.status = null;
    this.timer = setInterval(() => this.watch(), 500);
    this.open();
  }

  open() {
    const u = this.lastId == null ? this.url : `${this.url}${this.url.includes('?') ? '&' : '?'}last_event_id=${this.lastId}`;
    this.set(this.status === 'reconnecting' || this.status === 'stale' ? this.status : 'connecting');
    const es = new EventSource(u);
    this.es = es;
    const heard = (ev) => {
      this.lastHeard = Date.now();
      if (ev.lastEventId) this.lastId = ev.lastEventId;
      this.set('live');
    };
    es.addEventListener('state', (ev) => { heard(ev); this.h.state?.(JSON.parse(ev.data)); });
    es.addEventListener('alert', (ev) => { heard(ev); this.h.alert?.(JSON.parse(ev.data)); });
    es.addEventListener('heartbeat', (ev) => heard(ev));
    es.addEventListener('reset', (ev) => { heard(ev); this.h.reset?.(); });
    es.addEventListener('error', () => {
      if (this.es !== es) return;
      this.set('reconnecting');
      if (es.readyState === EventSource.CLOSED) {
        es.close();
        setTimeout(() => { if (this.es === es) this.open(); }, 2000);
      }
    });
  }

  watch() {
    if (Date.now() - this.lastHeard <= this.staleMs) return;
    this.set('stale');
    // a half-open connection can stay OPEN without data: start over (resuming from the last id)
    if (Date.now() - (this.reopenedAt || 0) > this.staleMs) {
      this.reopenedAt = Date.now();
      this.es.close();
      this.open();
    }
  }

  set(s) {
    if (s === this.status) return;
    this.status = s;
    this.h.status?.(s);
  }

  close() {
    clearInterval(this.timer);
    this.es?.close();
  }
}

/** Shows a feed's status in element `el` (role=status): text, and data-status for colour. */
export function showStatus(el, s) {
  el.dataset.status = s;
  el.textContent = t(s);
}
