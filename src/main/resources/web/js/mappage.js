// The live alert map (/): every zone under alert coloured, updating live from the country feed.
import { ActiveAlerts, Zones } from './alerts.js';
import { get } from './api.js';
import { clock, duration, langSwitch, t, typeName, zoneName } from './i18n.js';
import { Live, showStatus } from './live.js';
import { COLOURS, ZoneLayer, coverageStyle, createMap, legend, shelterLayer } from './zonemap.js';

const config = await get('/api/v1/web/config');
const zones = await Zones.load();
const map = createMap(document.getElementById('map'), config);
let cov = zones.coverage([]);
const layer = new ZoneLayer(map, coverageStyle(() => cov), (props, latlng) => showZone(props.id, latlng));
legend(map);
shelterLayer(map);

const active = new ActiveAlerts((a) => {
  cov = zones.coverage(a.list());
  layer.refresh();
  renderList();
});

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
  const list = active.list();
  if (!list.length) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = t('noAlerts');
    ul.append(li);
  }
  for (const a of list) {
    const li = document.createElement('li');
    li.className = 'alert-item';
    li.dataset.alertId = a.id;
    li.innerHTML = '<span class="swatch"></span><div><strong></strong> <em class="drill-tag"></em><br><span class="where"></span><br><small class="time"></small></div>';
    li.querySelector('.swatch').style.background = COLOURS[a.type];
    li.querySelector('strong').textContent = typeName(a.type);
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
    box.querySelector('.st').textContent = st.active
      ? `${t('underAlert')}: ${st.types.map(typeName).join(', ')} — ${t('since')} ${clock(st.since)}`
      : st.partly_alerts ? `${t('partly')} (${st.partly_alerts})` : t('noAlert');
    box.querySelector('.st').dataset.active = String(st.active);
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
document.body.dataset.ready = 'true';
