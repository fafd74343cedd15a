// The statistics page (/stats): for a chosen zone and period, a summary, a calendar of hours under
// alert per day, an hour-of-day × weekday grid, and for the chosen level a ranking and a choropleth
// of the share of time under alert. Zones are picked on the map (the map page's ZoneLayer) or by name.
import { Zones } from './alerts.js';
import { Problem, get, problemView } from './api.js';
import { lang, langSwitch, zoneName } from './i18n.js';
import { ZoneLayer, createMap } from './zonemap.js';

const TEXT = {
  uk: {
    title: 'Статистика тривог', zone: 'Зона', from: 'Від', to: 'До', level: 'Рівень мапи й рейтингу', oblast: 'області', raion: 'райони',
    hromada: 'громади', show: 'Показати', csv: 'CSV', summary: 'Підсумок', calendar: 'Години під тривогою за днями',
    hourWeekday: 'Година доби × день тижня (годин під тривогою)', choropleth: 'Частка часу під тривогою', ranking: 'Рейтинг зон',
    clickHint: 'Клацніть зону на мапі, щоб обрати її', hours: 'Годин', share: 'Частка', alerts: 'Тривог', total: 'Годин під тривогою',
    median: 'Медіана тривоги', longest: 'Найдовша тривога', none: '—', days: ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Нд'], hoursShort: 'год', min: 'хв',
  },
  en: {
    title: 'Alert statistics', zone: 'Zone', from: 'From', to: 'To', level: 'Map and ranking level', oblast: 'oblasts', raion: 'raions',
    hromada: 'hromadas', show: 'Show', csv: 'CSV', summary: 'Summary', calendar: 'Hours under alert per day',
    hourWeekday: 'Hour of day × weekday (hours under alert)', choropleth: 'Share of time under alert', ranking: 'Zones ranked',
    clickHint: 'Click a zone on the map to choose it', hours: 'Hours', share: 'Share', alerts: 'Alerts', total: 'Hours under alert',
    median: 'Median alert', longest: 'Longest alert', none: '—', days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], hoursShort: 'h', min: 'min',
  },
};
const s = (k) => TEXT[lang()][k] ?? TEXT.en[k];
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const state = {
  zone: params.get('zone') || 'UA',
  from: params.get('from') || '2022-02-24',
  to: params.get('to') || new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv' }).format(new Date()), // today in Kyiv
  level: params.get('level') || 'oblast',
};
let data = {};
const shares = new Map(); // level → Map(id → share), for the choropleth

/** White → dark red by share of time under alert, scaled to the largest share shown. */
function heat(x, max) {
  const v = max > 0 ? Math.min(1, x / max) : 0;
  const from = [255, 245, 240], to = [103, 0, 13];
  return `rgb(${from.map((c, i) => Math.round(c + (to[i] - c) * Math.sqrt(v))).join(',')})`;
}
const hours = (sec) => (sec / 3600).toFixed(1);
const length = (sec) => (sec >= 3600 ? `${(sec / 3600).toFixed(1)} ${s('hoursShort')}` : `${Math.round(sec / 60)} ${s('min')}`);
/** The date inputs are inclusive: the range ends at the midnight after the 'to' day. */
const nextDay = (d) => new Date(Date.parse(`${d}T12:00:00Z`) + 86400000).toISOString().slice(0, 10);
const range = () => `from=${state.from}&to=${nextDay(state.to)}`;

class ShareLayer extends ZoneLayer {
  async show() {
    await super.show();
    await loadShares(this.level);
    this.refresh();
  }

  pathStyle(id) {
    const m = shares.get(this.level);
    const x = m?.get(id) ?? 0;
    const max = m ? Math.max(...m.values()) : 0;
    const picked = id === state.zone;
    return { color: picked ? '#0d47a1' : '#5f6b7a', weight: picked ? 2.5 : 0.6, fillColor: heat(x, max), fillOpacity: 0.85, className: 'zone zone-share' };
  }
}

async function loadShares(level) {
  const key = `${level}|${range()}`;
  if (shares.get(`${level}#key`) === key) return;
  const { zones } = await get(`/api/v1/stats/ranking?level=${level}&${range()}`);
  shares.set(level, new Map(zones.map((z) => [z.zone, z.share])));
  shares.set(`${level}#key`, key);
}

function texts() {
  document.querySelectorAll('[data-s]').forEach((el) => { el.textContent = s(el.dataset.s); });
  document.title = `Тривога — ${s('title')}`;
}

function renderSummary() {
  const m = data.summary;
  const dl = $('summary');
  dl.innerHTML = '';
  const add = (k, v) => { const dt = document.createElement('dt'); dt.textContent = s(k); const dd = document.createElement('dd'); dd.textContent = v; dl.append(dt, dd); };
  add('alerts', m.alerts);
  add('total', hours(m.total_seconds));
  add('share', `${(m.share * 100).toFixed(1)} %`);
  add('median', m.alerts ? length(m.median_seconds) : s('none'));
  add('longest', m.longest ? `${length(m.longest.seconds)} (${m.longest.start.slice(0, 10)})` : s('none'));
  $('zone-name').textContent = zoneName(zones.get(state.zone));
}

function renderCalendar() {
  const el = $('calendar');
  el.innerHTML = '';
  const days = data.days.buckets;
  const max = Math.max(...days.map((b) => b.seconds), 1);
  const first = (new Date(`${days[0]?.key}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  for (let i = 0; i < first; i++) el.append(document.createElement('span'));
  for (const b of days) {
    const d = document.createElement('span');
    d.className = 'day';
    d.dataset.day = b.key;
    d.style.background = b.seconds ? heat(b.seconds, max) : '';
    d.title = `${b.key}: ${hours(b.seconds)} ${s('hoursShort')}, ${s('alerts').toLowerCase()} ${b.alerts}`;
    el.append(d);
  }
  el.setAttribute('aria-label', s('calendar'));
}

function renderHourWeekday() {
  const t = $('hour-weekday');
  t.innerHTML = '';
  const cells = new Map(data.grid.buckets.map((b) => [b.key, b.seconds]));
  const max = Math.max(...cells.values(), 1);
  const head = t.insertRow();
  head.append(document.createElement('th'));
  for (let h = 0; h < 24; h++) { const th = document.createElement('th'); th.textContent = h; head.append(th); }
  for (let d = 1; d <= 7; d++) {
    const row = t.insertRow();
    const th = document.createElement('th');
    th.textContent = s('days')[d - 1];
    row.append(th);
    for (let h = 0; h < 24; h++) {
      const sec = cells.get(`${d}-${String(h).padStart(2, '0')}`) || 0;
      const td = row.insertCell();
      td.style.background = heat(sec, max);
      td.title = `${s('days')[d - 1]} ${h}:00 — ${hours(sec)} ${s('hoursShort')}`;
    }
  }
}

function renderRanking() {
  const body = $('ranking').tBodies[0];
  body.innerHTML = '';
  for (const r of data.ranking.zones) {
    const tr = body.insertRow();
    tr.dataset.zone = r.zone;
    if (r.zone === state.zone) tr.setAttribute('aria-current', 'true');
    const a = document.createElement('a');
    a.href = '#';
    a.textContent = zoneName(r);
    a.addEventListener('click', (ev) => { ev.preventDefault(); pick(r.zone); });
    tr.insertCell().textContent = r.rank;
    tr.insertCell().append(a);
    tr.insertCell().textContent = hours(r.seconds);
    tr.insertCell().textContent = `${(r.share * 100).toFixed(1)} %`;
    tr.insertCell().textContent = r.alerts;
  }
}

function render() {
  texts();
  if (!data.summary) return;
  renderSummary();
  renderCalendar();
  renderHourWeekday();
  renderRanking();
  $('csv').href = `/api/v1/stats/series?zone=${state.zone}&by=day&${range()}&format=csv`;
}

async function load() {
  $('problem').innerHTML = '';
  history.replaceState(null, '', `?zone=${state.zone}&from=${state.from}&to=${state.to}&level=${state.level}`);
  try {
    const z = `zone=${state.zone}&${range()}`;
    const [summary, days, grid, ranking] = await Promise.all([get(`/api/v1/stats/summary?${z}`), get(`/api/v1/stats/series?${z}&by=day`),
      get(`/api/v1/stats/series?${z}&by=hour_weekday`), get(`/api/v1/stats/ranking?level=${state.level}&${range()}&limit=30`)]);
    data = { summary, days, grid, ranking };
    render();
    await loadShares(layer.level);
    layer.refresh();
  } catch (e) {
    if (!(e instanceof Problem)) throw e;
    $('problem').append(problemView(e));
  }
}

function pick(id) {
  state.zone = id;
  load();
}

const zones = await Zones.load();
const config = await get('/api/v1/web/config');
if (!params.get('to')) state.to = new Intl.DateTimeFormat('en-CA', { timeZone: config.time_zone }).format(new Date()); // today where the zones are
if (!params.get('zone')) state.zone = config.root_zone;
const map = createMap($('map'), config);
const layer = new ShareLayer(map, () => ({}), (props) => pick(props.id));

$('from').value = state.from;
$('to').value = state.to;
$('level').value = state.level;
$('controls').addEventListener('submit', (ev) => {
  ev.preventDefault();
  Object.assign(state, { from: $('from').value, to: $('to').value, level: $('level').value });
  load();
});
// the zone search: names in Ukrainian or Latin; choosing one from the list picks it
let found = [];
$('zone-q').addEventListener('input', async () => {
  const q = $('zone-q').value.trim();
  const hit = found.find((z) => zoneName(z) === q || z.id === q);
  if (hit) { pick(hit.id); return; }
  if (q.length < 2) return;
  ({ zones: found } = await get(`/api/v1/zones/search?q=${encodeURIComponent(q)}&limit=10`));
  const list = $('zone-found');
  list.innerHTML = '';
  for (const z of found) { const o = document.createElement('option'); o.value = zoneName(z); list.append(o); }
});
window.addEventListener('tryvoha:lang', render);
langSwitch();
await layer.ready;
await load();
document.body.dataset.ready = 'true';
