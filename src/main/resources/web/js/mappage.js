// The live alert map (/): every zone under alert coloured, updating live from the country feed.
// Drills stay off it unless asked for (the box, or ?drills=true); the permanent alerts the server
// knows of (GET /api/v1/stats/in-force, the same records the statistics count) are on it.
import { ActiveAlerts, Zones } from './alerts.js';
import { get } from './api.js';
import { clock, duration, langSwitch, t, typeName, zoneName } from './i18n.js';
import { Live, showStatus } from './live.js';
import { watchDrills } from './drills.js';
import { COLOURS, DRILL, ZoneLayer, coverageStyle, createMap, legend, shelterLayer } from './zonemap.js';

const config = await get('/api/v1/web/config');
const zones = await Zones.load();
const map = createMap(document.getElementById('map'), config);
const MAP_DRILLS = 'tryvoha.map.drills';
let showDrills = false;
let permanent = [];   // the imported alerts in force, as alerts of the map
let cov = zones.coverage([]);
const layer = new ZoneLayer(map, coverageStyle(() => cov), (props, latlng) => showZone(props.id, latlng),
  { zones, targets: () => shown().flatMap((a) => a.zones) });
legend(map);
shelterLayer(map);

/** What the map shows: the permanent alerts, the live ones, and drills only when asked for. */
function shown() {
  return [...permanent, ...active.list().filter((a) => showDrills || a.status === 'actual')];
}

function update() {
  cov = zones.coverage(shown());
  layer.refresh();
  renderList();
}

const active = new ActiveAlerts(() => update());

async function loadPermanent() {
  try {
    const { alerts } = await get('/api/v1/stats/in-force');
    permanent = alerts.map((x) => ({ id: `in-force-${x.zone}`, type: 'air_raid', status: 'actual', permanent: true,
      zones: [x.zone], issued_at: x.since, message: {} }));
  } catch { /* the live alerts still show; the next load tries again */ }
  update();
}
setInterval(loadPermanent, 300_000);

const drillBox = document.getElementById('map-drills');
showDrills = new URLSearchParams(location.search).get('drills') === 'true';
if (showDrills) localStorage.setItem(MAP_DRILLS, 'on');
watchDrills(drillBox, () => { showDrills = drillBox.checked; update(); }, MAP_DRILLS);
showDrills = drillBox.checked;

const conn = document.getElementById('conn');
new Live('/api/v1/stream?zone=UA&heartbeat=event&drills=true', {
  state: () => active.reload(),
  reset: () => active.reload(),
  alert: (e) => active.event(e),
  status: (s) => {
    showStatus(conn, s);
    document.body.dataset.feed = s; // stale data is greyed out by CSS
  },
}, config.heartbeat_seconds);

function targetsText(a) {
  const names = a.zones.slice(0, 3).map((id) => zoneName(zones.get(id)));
  return names.join(', ') + (a.zones.length > 3 ? ` +${a.zones.length - 3}` : '');
}

function renderList() {
  const ul = document.getElementById('active');
  ul.innerHTML = '';
  const list = shown();
  if (!list.length) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = t('noAlerts');
    ul.append(li);
  }
  for (const a of list) {
    const li = document.createElement('li');
    li.className = 'alert-item';
    if (a.permanent) li.dataset.permanent = 'true';
    else li.dataset.alertId = a.id;
    li.dataset.status = a.status;
    li.innerHTML = '<span class="swatch"></span><div><strong></strong> <em class="drill-tag"></em><br><span class="where"></span><br><small class="time"></small></div>';
    const drill = a.status !== 'actual';
    li.querySelector('.swatch').style.background = drill ? DRILL.fill : COLOURS[a.type];
    if (drill) li.querySelector('.swatch').classList.add('swatch-drill');
    li.querySelector('strong').textContent = a.permanent ? t('permanent') : typeName(a.type);
    li.querySelector('.drill-tag').textContent = a.status === 'exercise' ? t('exercise') : a.status === 'test' ? t('test') : '';
    li.querySelector('.where').textContent = targetsText(a);
    li.querySelector('.time').dataset.since = a.issued_at;
    li.tabIndex = 0;
    const zoom = () => map.fitBounds(boundsOf(a), { maxZoom: 9 });
    li.addEventListener('click', zoom);
    li.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); zoom(); } });
    ul.append(li);
  }
  tick();
}

function boundsOf(a) {
  const layers = [];
  layer.layer?.eachLayer((l) => { if (zones.chain(l.feature.properties.id).some((c) => a.zones.includes(c))) layers.push(l); });
  return layers.length ? L.featureGroup(layers).getBounds() : map.getBounds();
}

function tick() {
  document.querySelectorAll('.time[data-since]').forEach((el) => {
    el.textContent = `${t('since')} ${clock(el.dataset.since)} · ${t('duration')} ${duration(Date.now() - Date.parse(el.dataset.since))}`;
  });
}
setInterval(tick, 1000);

async function showZone(id, latlng) {
  const box = document.getElementById('zone-info');
  const z = zones.get(id);
  box.hidden = false;
  box.innerHTML = '<h3></h3><p class="st"></p><p class="shelter"></p><h4></h4><ul class="last"></ul>';
  box.querySelector('h3').textContent = zoneName(z);
  box.querySelector('.shelter').textContent = `${t('shelterTime')}: ${z.shelter_seconds} ${t('seconds')}`;
  box.querySelector('h4').textContent = t('lastAlerts');
  try {
    const [st, hist] = await Promise.all([get(`/api/v1/zones/${id}/status`), get(`/api/v1/alerts?zone=${id}&limit=5`)]);
    // the same truth as the map: a permanent alert on the zone or above it counts
    const held = cov.covering(id).find((a) => a.permanent);
    const on = st.active || !!held;
    box.querySelector('.st').textContent = st.active
      ? `${t('underAlert')}: ${st.types.map(typeName).join(', ')} — ${t('since')} ${clock(st.since)}`
      : held ? `${t('underAlert')}: ${t('permanent')} — ${t('since')} ${clock(held.issued_at)}`
        : st.partly_alerts ? `${t('partly')} (${st.partly_alerts})` : t('noAlert');
    box.querySelector('.st').dataset.active = String(on);
    const ul = box.querySelector('.last');
    for (const a of hist.alerts) {
      const li = document.createElement('li');
      const end = a.ended_at ? ` – ${clock(a.ended_at)}` : '';
      li.textContent = `${typeName(a.type)}${a.status !== 'actual' ? ` (${t(a.status)})` : ''}: ${clock(a.issued_at)}${end}`;
      ul.append(li);
    }
  } catch (e) {
    box.querySelector('.st').textContent = e.message;
  }
  L.popup().setLatLng(latlng).setContent(zoneName(z)).openOn(map);
}

window.addEventListener('tryvoha:lang', () => { renderList(); layer.refresh(); });
langSwitch();
await layer.ready;
await loadPermanent();
document.body.dataset.ready = 'true';
