// The statistics page (/stats): for a chosen zone and period, a summary, a calendar of hours under
// alert per day, an hour-of-day × weekday grid, and for the chosen level a ranking and a choropleth
// of the share of time under alert. Zones are picked on the map (the map page's ZoneLayer) or by name.
// It opens on the visitor's place (chosen on the resident page: localStorage 'tryvoha.place') or, with
// none, on the all-oblast view; the period ends where the record ends (coverage_to when the server
// gives it, else the last day with an alert) and says so; months are labelled and every heat map has
// its colour scale.
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
    allOblasts: 'Усі області', recordEnds: 'Дані до', recordTo: 'запис закінчується', scale: 'Шкала', less: 'менше', more: 'більше',
    mostAlerted: 'Найбільше під тривогою', yourPlace: 'ваше місце', months: ['січ', 'лют', 'бер', 'кві', 'тра', 'чер', 'лип', 'сер', 'вер', 'жов', 'лис', 'гру'],
  },
  en: {
    title: 'Alert statistics', zone: 'Zone', from: 'From', to: 'To', level: 'Map and ranking level', oblast: 'oblasts', raion: 'raions',
    hromada: 'hromadas', show: 'Show', csv: 'CSV', summary: 'Summary', calendar: 'Hours under alert per day',
    hourWeekday: 'Hour of day × weekday (hours under alert)', choropleth: 'Share of time under alert', ranking: 'Zones ranked',
    clickHint: 'Click a zone on the map to choose it', hours: 'Hours', share: 'Share', alerts: 'Alerts', total: 'Hours under alert',
    median: 'Median alert', longest: 'Longest alert', none: '—', days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], hoursShort: 'h', min: 'min',
    allOblasts: 'All oblasts', recordEnds: 'Data until', recordTo: 'the record ends', scale: 'Scale', less: 'less', more: 'more',
    mostAlerted: 'Most time under alert', yourPlace: 'your place', months: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  },
};
const s = (k) => TEXT[lang()][k] ?? TEXT.en[k];
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const RECORD_START = '2022-02-24';
const zoneTime = () => config.time_zone || 'Europe/Kyiv'; // config is read below, before any call
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: zoneTime() }).format(new Date()); // today where the zones are
const state = {
  zone: params.get('zone') || savedPlace() || null, // null: the root zone, once the config is read
  from: params.get('from') || null, // set from the record's end (recordEnd) unless given
  to: params.get('to') || null,
  level: params.get('level') || 'oblast',
};
let end = null; // { day, known }: where the record ends; known = the server said so (coverage_to)

/** The resident page's main place, shared through localStorage. */
function savedPlace() {
  try { return JSON.parse(localStorage.getItem('tryvoha.place'))?.zone || null; } catch { return null; }
}

/**
 * The last day of the record: the server's coverage_to when its answers carry it (any of them), else
 * the last day with time under alert in the zone's (or, for the country, the oblasts') record.
 */
async function recordEnd(zone) {
  const all = `from=${RECORD_START}&to=${nextDay(today())}`;
  const summary = await get(`/api/v1/stats/summary?zone=${zone}&${all}`);
  const cov = summary.coverage_to || summary.coverage?.to;
  if (cov) return { day: kyivDay(cov), known: true };
  const probe = zone === config.root_zone ? (await get(`/api/v1/stats/ranking?level=oblast&${all}&limit=1`)).zones[0]?.zone : zone;
  if (probe) {
    const { buckets } = await get(`/api/v1/stats/series?zone=${probe}&by=day&${all}`);
    for (let i = buckets.length - 1; i >= 0; i--) if (buckets[i].seconds > 0) return { day: buckets[i].key, known: false };
  }
  return { day: today(), known: false };
}
const kyivDay = (iso) => new Intl.DateTimeFormat('en-CA', { timeZone: zoneTime() }).format(new Date(iso));
/** A year before the end (the calendar then fits a phone by scrolling one strip), not before the record starts. */
const yearBefore = (d) => {
  const x = new Date(Date.parse(`${d}T12:00:00Z`) - 364 * 86400000).toISOString().slice(0, 10);
  return x < RECORD_START ? RECORD_START : x;
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
  renderOverview();
}

/** Where the record ends; for the country, the all-oblast view: alerts summed over oblasts and the most alerted one. */
function renderOverview() {
  const cov = data.summary.coverage_to || data.summary.coverage?.to;
  if (cov) end = { day: kyivDay(cov), known: true }; // the server now says where its record ends
  $('record-end').textContent = end ? `${s('recordEnds')} ${end.day} (${s('recordTo')})` : '';
  if (state.zone !== config.root_zone) {
    $('zone-name').textContent += savedPlace() === state.zone ? ` — ${s('yourPlace')}` : '';
    return;
  }
  $('zone-name').textContent = s('allOblasts');
  const top = data.ranking.zones;
  if (!top.length) return;
  const dl = $('summary');
  dl.innerHTML = '';
  const add = (k, v) => { const dt = document.createElement('dt'); dt.textContent = s(k); const dd = document.createElement('dd'); dd.textContent = v; dl.append(dt, dd); };
  add('alerts', top.reduce((n, z) => n + z.alerts, 0));
  add('mostAlerted', `${zoneName(top[0])}: ${hours(top[0].seconds)} ${s('hoursShort')}`);
}

/** A colour scale under a heat map: white to dark red, from 0 to the largest value shown. */
function renderScale(el, max, unit) {
  el.innerHTML = '';
  const label = document.createElement('span');
  label.textContent = `${s('scale')}: 0`;
  const bar = document.createElement('span');
  bar.className = 'scale-bar';
  bar.setAttribute('aria-hidden', 'true');
  for (let i = 0; i <= 8; i++) {
    const c = document.createElement('span');
    c.style.background = heat(i / 8, 1);
    bar.append(c);
  }
  const top = document.createElement('span');
  top.textContent = `${hours(max)} ${unit}`;
  el.append(label, bar, top);
}

function renderCalendar() {
  const el = $('calendar');
  el.innerHTML = '';
  const days = data.days.buckets;
  const max = Math.max(...days.map((b) => b.seconds), 1);
  const first = (new Date(`${days[0]?.key}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  for (let i = 0; i < first; i++) el.append(document.createElement('span'));
  const months = $('calendar-months');
  months.innerHTML = '';
  const week = (i) => Math.floor((i + first) / 7);
  days.forEach((b, i) => {
    if (!b.key.endsWith('-01') && i !== 0) return;
    const m = document.createElement('span');
    const [y, mo] = b.key.split('-');
    m.textContent = mo === '01' || i === 0 ? `${s('months')[+mo - 1]} ${y}` : s('months')[+mo - 1];
    m.style.gridColumnStart = String(week(i) + 1);
    months.append(m);
  });
  renderScale($('calendar-scale'), max, s('hoursShort'));
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
  renderScale($('grid-scale'), max, s('hoursShort'));
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

/** With no period in the address: the year up to where the record ends. */
async function settlePeriod() {
  if (!state.to) {
    end = await recordEnd(state.zone);
    state.to = end.day;
    state.from ??= yearBefore(end.day);
  }
  state.from ??= RECORD_START;
  $('from').value = state.from;
  $('to').value = state.to;
}

async function load() {
  $('problem').innerHTML = '';
  await settlePeriod();
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
if (!params.get('zone') && !savedPlace()) state.zone = config.root_zone;
await settlePeriod();
const map = createMap($('map'), config);
const layer = new ShareLayer(map, () => ({}), (props) => pick(props.id));

$('from').value = state.from || '';
$('to').value = state.to || '';
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
