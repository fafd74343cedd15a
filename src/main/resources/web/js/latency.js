// Live delivery latency per channel on the map page: GET /api/v1/latency every 5 s, shown as p50 / p99
// of the time from the durable commit of an event to its write to the last subscriber (per event loop).
import { lang } from './i18n.js';
import { panelHead, watchLatency } from './latencyfeed.js';

const TEXT = {
  uk: { title: 'Швидкість доставки', channel: 'Канал', subs: 'Підписники', none: 'ще не було подій',
    note: 'Від запису тривоги в журнал до надсилання останньому підписникові, за останні події (p50 / p99, мс).',
    unavailable: 'дані недоступні' },
  en: { title: 'Delivery speed', channel: 'Channel', subs: 'Subscribers', none: 'no events yet',
    note: 'From the alert\u2019s durable commit to its write to the last subscriber, over recent events (p50 / p99, ms).',
    unavailable: 'not available' },
};
const NAMES = { sse: 'SSE', ws: 'WebSocket' };
let last = null;

function tx(k) {
  return (TEXT[lang()] || TEXT.en)[k];
}

function fmt(ms) {
  return ms == null ? '–' : ms < 10 ? ms.toFixed(1) : Math.round(ms).toString();
}

function render(box) {
  panelHead(box, tx('title'), last, tx('unavailable'));
  if (!last) return;
  const table = document.createElement('table');
  table.className = 'latency';
  const head = table.insertRow();
  for (const k of ['channel', 'p50 / p99', 'subs']) {
    const th = document.createElement('th');
    th.textContent = k.includes('/') ? k : tx(k);
    head.append(th);
  }
  for (const [ch, w] of Object.entries(last.channels || {})) {
    const row = table.insertRow();
    row.dataset.channel = ch;
    row.insertCell().textContent = NAMES[ch] || ch;
    const c = w.commit_to_write_ms || {};
    const cell = row.insertCell();
    cell.className = 'lat';
    cell.textContent = w.samples ? `${fmt(c.p50)} / ${fmt(c.p99)}` : tx('none');
    row.insertCell().textContent = String((last.subscribers || {})[ch] ?? 0);
  }
  box.append(table);
  const note = document.createElement('p');
  note.className = 'hint';
  note.textContent = tx('note');
  box.append(note);
}

const box = document.getElementById('latency');
if (box) watchLatency((latest) => { last = latest; render(box); });
