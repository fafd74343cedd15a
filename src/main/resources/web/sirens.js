// The siren fleet page: polls /api/v1/sirens and draws every siren on a map, coloured by health
// (ok / late / silent / failed), with the same fleet as a table. No inline script (CSP).
import { get } from './js/api.js';
import { ZoneLayer, createMap } from './js/zonemap.js';

export const HEALTH_COLOURS = { ok: '#2e7d32', late: '#ef8f00', silent: '#616161', failed: '#c62828' };

const config = await get('/api/v1/web/config');
const map = createMap(document.getElementById('siren-map'), config);
new ZoneLayer(map, () => ({ state: 'calm' }));
const markers = new Map(); // siren id → circle marker
let fitted = false;

function cell(tr, text, cls) {
  const td = document.createElement('td');
  td.textContent = text == null ? '—' : String(text);
  if (cls) td.className = cls;
  tr.appendChild(td);
}

function describe(s) {
  const cmd = s.command ? s.command.action + (s.command.alert ? ' (' + s.command.alert + ')' : '') : '—';
  return `${s.name || s.id} · ${s.health} · last seen ${s.last_seen || '—'} · command ${cmd}`;
}

function drawMarkers(sirens) {
  const seen = new Set();
  for (const s of sirens) {
    if (s.lat == null || s.lon == null) continue;
    seen.add(s.id);
    const colour = HEALTH_COLOURS[s.health] || '#1565c0';
    let m = markers.get(s.id);
    if (!m) {
      m = L.circleMarker([s.lat, s.lon], { radius: 8, weight: 2 }).addTo(map);
      markers.set(s.id, m);
    }
    m.setLatLng([s.lat, s.lon]);
    m.setStyle({ color: '#fff', fillColor: colour, fillOpacity: 0.95 });
    m.bindTooltip(describe(s));
    m.getElement()?.setAttribute('data-siren', s.id);
    m.getElement()?.setAttribute('data-health', s.health);
  }
  for (const [id, m] of markers) if (!seen.has(id)) { m.remove(); markers.delete(id); }
  if (!fitted && markers.size) {
    map.fitBounds(L.featureGroup([...markers.values()]).getBounds().pad(0.3), { maxZoom: 11 });
    fitted = true;
  }
}

function drawTable(sirens) {
  const body = document.querySelector('#fleet tbody');
  body.replaceChildren();
  for (const s of sirens) {
    const tr = document.createElement('tr');
    tr.dataset.id = s.id;
    cell(tr, s.id);
    cell(tr, s.name);
    cell(tr, s.zone);
    cell(tr, s.health, 'health-' + s.health);
    cell(tr, s.last_seen);
    cell(tr, s.command ? s.command.action + (s.command.alert ? ' (' + s.command.alert + ')' : '') : null);
    cell(tr, s.acked_at);
    body.appendChild(tr);
  }
}

async function refresh() {
  const status = document.getElementById('mqtt');
  try {
    const f = await get('/api/v1/sirens');
    const m = f.mqtt;
    status.textContent = !m.enabled ? 'MQTT вимкнено / off (set mqtt-url)'
      : (m.connected ? 'MQTT під’єднано / connected: ' : 'MQTT НЕ під’єднано / NOT connected: ') + m.broker;
    document.getElementById('counts').textContent = Object.entries(f.counts).map(([k, v]) => k + ': ' + v).join(' · ');
    drawMarkers(f.sirens);
    drawTable(f.sirens);
  } catch (e) {
    status.textContent = 'cannot load /api/v1/sirens: ' + e;
  }
}

await refresh();
setInterval(refresh, 5000);
document.body.dataset.ready = 'true';
