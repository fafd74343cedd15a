// Push delivery per event and channel in the operator console: GET /api/v1/latency every 5 s; for the
// newest events of each push channel, how many pushes were planned, sent, failed and retried, and the
// time from the durable commit to the last one. An operator sees at once whether phones were reached.
import { lang } from './i18n.js';
import { panelHead, watchLatency } from './latencyfeed.js';

const TEXT = {
  uk: { title: 'Доставка push', none: 'ще не було push-повідомлень',
    counts: 'надіслано {sent} з {planned}, невдало {failed}, повторів {retried}; до останнього: {last}',
    going: 'триває', unavailable: 'дані недоступні',
    note: 'Від запису події в журнал до відповіді push-сервісу на останнє повідомлення.',
    kinds: { issued: 'тривога', updated: 'зміна', cancelled: 'відбій', expired: 'завершено' } },
  en: { title: 'Push delivery', none: 'no pushes yet',
    counts: 'sent {sent} of {planned}, failed {failed}, retried {retried}; to the last: {last}',
    going: 'in progress', unavailable: 'not available',
    note: 'From the event\u2019s durable commit to the push service\u2019s answer for the last push.',
    kinds: { issued: 'alert', updated: 'update', cancelled: 'all-clear', expired: 'ended' } },
};
const NAMES = { webpush: 'Web Push', fcm: 'FCM', apns: 'APNs' };
const SHOWN = 8;

function tx(k) {
  return (TEXT[lang()] || TEXT.en)[k];
}

function seconds(ms) {
  if (ms == null) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The newest events first, one row per event and channel. */
function rows(push) {
  const out = [];
  for (const [channel, c] of Object.entries(push || {}))
    for (const e of c.events || []) out.push({ channel, ...e });
  out.sort((a, b) => b.seq - a.seq || a.channel.localeCompare(b.channel));
  return out.slice(0, SHOWN);
}

function render(box, last) {
  panelHead(box, tx('title'), last, tx('unavailable')).id = 'delivery-h';
  if (!last) return;
  const list = rows(last.push);
  if (!list.length) {
    const p = document.createElement('p');
    p.className = 'hint';
    p.textContent = tx('none');
    box.append(p);
    return;
  }
  // a list, not a table: it fits the console's side panel and a phone without scrolling sideways
  const ul = document.createElement('ul');
  ul.className = 'ops-list delivery';
  for (const r of list) {
    const li = document.createElement('li');
    li.dataset.channel = r.channel;
    li.dataset.seq = String(r.seq);
    li.dataset.sent = String(r.sent);
    li.dataset.done = String(r.done);
    const what = document.createElement('strong');
    what.textContent = `#${r.seq} ${tx('kinds')[r.kind] || r.kind} · ${NAMES[r.channel] || r.channel}`;
    const counts = document.createElement('span');
    counts.className = 'counts';
    const values = { sent: r.sent, planned: r.planned, failed: r.failed, retried: r.retried,
      last: r.done ? seconds(r.to_last_ms) : tx('going') };
    for (const part of tx('counts').split(/(\{\w+\})/)) {
      const k = part.startsWith('{') ? part.slice(1, -1) : null;
      if (k === 'failed' && r.failed > 0) {
        const b = document.createElement('b');
        b.className = 'bad';
        b.textContent = String(r.failed);
        counts.append(b);
      } else counts.append(k ? String(values[k]) : part);
    }
    li.append(what, document.createElement('br'), counts);
    ul.append(li);
  }
  box.append(ul);
  const note = document.createElement('p');
  note.className = 'hint';
  note.textContent = tx('note');
  box.append(note);
}

/** Fills {@code box} now and every 5 s; re-written in the other language when it changes. */
export function deliveryPanel(box) {
  watchLatency((latest) => render(box, latest));
}
