// The siren fleet page (/sirens), for operators: log in with a key (kept for the tab, as on the
// console), then poll /api/v1/sirens and draw every siren on a map, coloured by health, with the
// fleet listed below, failed sirens first. One language at a time (uk/en). No inline script (CSP).
import { get, problemView, request } from './js/api.js';
import { clock, lang, langSwitch, t } from './js/i18n.js';
import { ZoneLayer, createMap } from './js/zonemap.js';

export const HEALTH_COLOURS = { ok: '#2e7d32', late: '#ef8f00', silent: '#616161', failed: '#c62828' };
const ORDER = ['failed', 'silent', 'late', 'ok'];
const KEY = 'tryvoha.key';

const TEXT = {
  uk: {
    pageTitle: 'Тривога — сирени', title: 'Сирени', mapLabel: 'Мапа сирен', list: 'Усі сирени',
    keyWhy: 'Розташування сирен і їхній стан бачать лише оператори.',
    siren: 'Сирена', zone: 'Зона', health: 'Стан', lastSeen: 'Останній сигнал', command: 'Команда', acked: 'Підтверджено',
    ok: 'справна', late: 'із запізненням', silent: 'мовчить', failed: 'не підтвердила',
    activate: 'увімкнути', deactivate: 'вимкнути', never: 'ніколи', justNow: 'щойно',
    s: 'с', min: 'хв', h: 'год', d: 'дн', ago: (n, u) => `${n} ${u} тому`,
    mqttOff: 'MQTT вимкнено (задайте mqtt-url)', connected: 'MQTT під’єднано', notConnected: 'MQTT НЕ під’єднано',
    loadFailed: 'Не вдалося завантажити дані про сирени',
    note: 'Не підтвердила: не підтвердила увімкнення вчасно. Мовчить: офлайн (остання воля) або немає сигналу. '
      + 'Із запізненням: підтвердила увімкнення після строку. Сирени без координат є лише в списку. Оновлюється кожні 5 с.',
  },
  en: {
    pageTitle: 'Tryvoha — sirens', title: 'Sirens', mapLabel: 'Map of sirens', list: 'All sirens',
    keyWhy: 'Only operators see where the sirens stand and how they are.',
    siren: 'Siren', zone: 'Zone', health: 'Health', lastSeen: 'Last heard', command: 'Command', acked: 'Acknowledged',
    ok: 'ok', late: 'late', silent: 'silent', failed: 'failed',
    activate: 'activate', deactivate: 'deactivate', never: 'never', justNow: 'just now',
    s: 's', min: 'min', h: 'h', d: 'd', ago: (n, u) => `${n} ${u} ago`,
    mqttOff: 'MQTT off (set mqtt-url)', connected: 'MQTT connected', notConnected: 'MQTT NOT connected',
    loadFailed: 'Cannot load the siren fleet',
    note: 'Failed: did not acknowledge an activation in time. Silent: offline (last will) or no heartbeat. '
      + 'Late: acknowledged an activation after the deadline. Sirens without a location are only in the list. Refreshes every 5 s.',
  },
};
const s = (k) => TEXT[lang()][k] ?? k;
const $ = (id) => document.getElementById(id);

/** "5 хв тому" / "5 min ago", counted from the server's clock. */
export function ago(iso, now) {
  if (!iso) return s('never');
  const sec = Math.max(0, Math.round((Date.parse(now) - Date.parse(iso)) / 1000));
  if (sec < 10) return s('justNow');
  const [n, u] = sec < 60 ? [sec, 's'] : sec < 3600 ? [Math.floor(sec / 60), 'min']
    : sec < 86400 ? [Math.floor(sec / 3600), 'h'] : [Math.floor(sec / 86400), 'd'];
  return s('ago')(n, s(u));
}

const zoneOf = (r) => (lang() === 'uk' ? r.zone_name_uk : r.zone_name_en) || r.zone_name_uk || r.zone;
const commandOf = (c) => (c ? s(c.action) : '—');

let key = sessionStorage.getItem(KEY);
let map = null;
let last = null; // the last answer, drawn again when the language changes
const markers = new Map(); // siren id → circle marker
let fitted = false;

function texts() {
  document.title = s('pageTitle');
  document.querySelectorAll('[data-s]').forEach((el) => { el.textContent = s(el.dataset.s); });
  $('siren-map').setAttribute('aria-label', s('mapLabel'));
  if (last) draw(last);
}

function cell(tr, label, text, cls, title) {
  const td = document.createElement('td');
  td.dataset.label = label;
  td.textContent = text == null || text === '' ? '—' : String(text);
  if (cls) td.className = cls;
  if (title) td.title = title;
  tr.appendChild(td);
}

function describe(r, now) {
  return `${r.name || r.id} · ${zoneOf(r)} · ${s(r.health)} · ${s('lastSeen')}: ${ago(r.last_seen, now)} · ${s('command')}: ${commandOf(r.command)}`;
}

function drawMarkers(rows, now) {
  const seen = new Set();
  for (const r of rows) {
    if (r.lat == null || r.lon == null) continue;
    seen.add(r.id);
    let m = markers.get(r.id);
    if (!m) {
      m = L.circleMarker([r.lat, r.lon], { radius: 8, weight: 2 }).addTo(map);
      markers.set(r.id, m);
    }
    m.setLatLng([r.lat, r.lon]);
    m.setStyle({ color: '#fff', fillColor: HEALTH_COLOURS[r.health] || '#1565c0', fillOpacity: 0.95 });
    m.bindTooltip(describe(r, now));
    m.getElement()?.setAttribute('data-siren', r.id);
    m.getElement()?.setAttribute('data-health', r.health);
  }
  for (const [id, m] of markers) if (!seen.has(id)) { m.remove(); markers.delete(id); }
  if (!fitted && markers.size) {
    map.fitBounds(L.featureGroup([...markers.values()]).getBounds().pad(0.3), { maxZoom: 11 });
    fitted = true;
  }
}

function drawTable(rows, now) {
  const body = document.querySelector('#fleet tbody');
  body.replaceChildren();
  for (const r of rows) {
    const tr = document.createElement('tr');
    tr.dataset.id = r.id;
    tr.dataset.health = r.health;
    cell(tr, s('siren'), r.name && r.name !== r.id ? `${r.name} (${r.id})` : r.id);
    cell(tr, s('zone'), zoneOf(r));
    cell(tr, s('health'), s(r.health), `health health-${r.health}`);
    cell(tr, s('lastSeen'), ago(r.last_seen, now), 'last-seen', r.last_seen ? clock(r.last_seen) : null);
    cell(tr, s('command'), r.command ? `${commandOf(r.command)} · ${ago(r.command.at, now)}` : null);
    cell(tr, s('acked'), r.acked_at ? ago(r.acked_at, now) : null, null, r.acked_at ? clock(r.acked_at) : null);
    body.appendChild(tr);
  }
}

function draw(f) {
  const m = f.mqtt;
  $('mqtt').textContent = !m.enabled ? s('mqttOff') : `${m.connected ? s('connected') : s('notConnected')}: ${m.broker}`;
  $('mqtt').dataset.connected = String(!!m.connected);
  $('counts').replaceChildren(...ORDER.map((h) => {
    const li = document.createElement('li');
    li.className = `health-${h}`;
    li.textContent = `${s(h)}: ${f.counts[h] ?? 0}`;
    return li;
  }));
  const rows = [...f.sirens].sort((a, b) => ORDER.indexOf(a.health) - ORDER.indexOf(b.health)); // failed first
  drawMarkers([...rows].reverse(), f.now); // the worst drawn last, on top
  drawTable(rows, f.now);
}

async function refresh() {
  try {
    last = await request('GET', '/api/v1/sirens', undefined, key);
    draw(last);
  } catch (e) {
    if (e.status === 401) { sessionStorage.removeItem(KEY); location.reload(); return; }
    $('mqtt').replaceChildren(s('loadFailed'), problemView(e));
  }
}

async function login(k) {
  $('login-error').replaceChildren();
  try {
    const me = await request('GET', '/api/v1/whoami', undefined, k);
    key = k;
    sessionStorage.setItem(KEY, k);
    $('who').textContent = `${t('loggedAs')}: ${me.name}`;
    $('who').hidden = $('logout').hidden = false;
    $('login').hidden = true;
    $('fleet-view').hidden = false;
    await start();
  } catch (e) {
    sessionStorage.removeItem(KEY);
    const v = problemView(e);
    v.querySelector('strong').textContent = `${t('badKey')}: ${v.querySelector('strong').textContent}`;
    $('login-error').append(v);
    $('key').focus();
  }
}

async function start() {
  if (!map) {
    const config = await get('/api/v1/web/config');
    map = createMap($('siren-map'), config);
    new ZoneLayer(map, () => ({ state: 'calm' }));
  }
  await refresh();
  setInterval(refresh, 5000);
}

window.addEventListener('tryvoha:lang', texts);
langSwitch();
texts();
$('login-form').addEventListener('submit', (ev) => { ev.preventDefault(); login($('key').value.trim()); });
$('logout').addEventListener('click', () => { sessionStorage.removeItem(KEY); location.reload(); });
if (key) await login(key);
else $('key').focus();
document.body.dataset.ready = 'true';
