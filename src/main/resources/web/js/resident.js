// The resident page (/resident): choose a place, then be woken for alerts there.
import { Zones } from './alerts.js';
import { get } from './api.js';
import { advice, alertMessage, duration, langSwitch, t, typeName, zoneName } from './i18n.js';
import { Live, showStatus } from './live.js';
import { drillsParam, watchDrills } from './drills.js';
import { watch as checkSignature } from './signed.js';
import { beeps, startSiren, stopSiren, unlock } from './siren.js';
import { isEarly, showEarly } from './early.js';
import { ZoneLayer, coverageStyle, createMap, shelterLayer, worst } from './zonemap.js';
import { watchNotices } from './notices.js';
import { closeModal, openModal } from './dialog.js';

const $ = (id) => document.getElementById(id);
const config = await get('/api/v1/web/config');
const zones = await Zones.load();
const PLACE_KEY = 'tryvoha.place', SOUND_KEY = 'tryvoha.sound';

let place = null;       // { lat, lon, zone?, label }
let chain = [];         // zone ids holding the place, leaf first
let live = null;
let alerts = new Map(); // id → { alert, since } for alerts that concern the place
let shelters = [];
let wasAlerted = false;
let staleBeeper = null;
let layer = null;

// ----- place -----
function savedPlace() {
  const q = new URLSearchParams(location.search);
  if (q.has('lat') && q.has('lon')) return { lat: Number(q.get('lat')), lon: Number(q.get('lon')) };
  if (q.has('zone')) return { zone: q.get('zone') };
  try { return JSON.parse(localStorage.getItem(PLACE_KEY)); } catch { return null; }
}

async function choose(p) {
  $('place-error').hidden = true;
  let found;
  if (p.zone) found = (await get(`/api/v1/zones/${encodeURIComponent(p.zone)}`)).chain;
  else found = (await get(`/api/v1/zones/at?lat=${p.lat}&lon=${p.lon}`)).zones;
  if (!found.length) {
    $('place-error').textContent = t('outside');
    $('place-error').hidden = false;
    return;
  }
  place = { ...p };
  chain = found.map((z) => z.id);
  window.dispatchEvent(new CustomEvent('tryvoha:place', { detail: chain })); // push.js follows the place
  if (place.zone && place.lat == null) Object.assign(place, await centreOf(zones.get(place.zone)));
  localStorage.setItem(PLACE_KEY, JSON.stringify(place));
  alerts = new Map();
  wasAlerted = false;
  renderPlace();
  subscribe();
  loadShelters();
  if (place.lat != null) mini.setView([place.lat, place.lon], Math.max(mini.getZoom(), 11));
  marker.setLatLng(place.lat != null ? [place.lat, place.lon] : [0, 0]).setOpacity(place.lat != null ? 1 : 0);
}

/** A point inside a chosen zone (its bounding-box centre when that lies inside), for shelters and the map. */
async function centreOf(z) {
  const geo = await get(`/api/v1/zones/geojson?level=${z.level}&simplified=true`);
  const f = geo.features.find((x) => x.properties.id === z.id);
  if (!f) return {};
  const b = L.geoJSON(f).getBounds();
  mini.fitBounds(b);
  const c = b.getCenter();
  const at = (await get(`/api/v1/zones/at?lat=${c.lat.toFixed(5)}&lon=${c.lng.toFixed(5)}`)).zones;
  return at.some((x) => x.id === z.id) ? { lat: +c.lat.toFixed(5), lon: +c.lng.toFixed(5) } : {};
}

function leaf() {
  return zones.get(chain[0]);
}

function renderPlace() {
  if (!place) {
    $('place').textContent = t('choosePlace');
    $('calm').hidden = true;
    return;
  }
  $('place').textContent = chain.slice(0, 3).map((id) => zoneName(zones.get(id))).join(', ');
  $('shelter-time').textContent = `${t('shelterTime')}: ${leaf().shelter_seconds} ${t('seconds')}`;
  render();
}

// ----- the feed -----
function subscribe() {
  live?.close();
  const where = place.zone ? `zone=${encodeURIComponent(place.zone)}` : `lat=${place.lat}&lon=${place.lon}`;
  $('conn').hidden = false;
  live = new Live(`/api/v1/stream?${where}&heartbeat=event${drillsParam()}`, {
    state: (s) => {
      const next = new Map();
      for (const z of s.zones) for (const c of z.alerts) if (!next.has(c.alert.id)) next.set(c.alert.id, { alert: c.alert, since: c.since });
      alerts = next;
      render();
    },
    reset: () => {},
    alert: (e) => {
      checkSignature(e); // warns on the page when a signature fails
      const a = e.alert;
      if (a.active && e.kind !== 'cancelled' && e.kind !== 'expired' && concerns(a)) {
        alerts.set(a.id, { alert: a, since: alerts.get(a.id)?.since || (e.kind === 'issued' ? a.issued_at : e.at) });
      } else alerts.delete(a.id);
      render();
    },
    status: (s) => {
      showStatus($('conn'), s);
      document.body.dataset.feed = s; // a calm screen from a dead feed must not look live
      staleWarning(s === 'stale');
    },
  }, config.heartbeat_seconds);
}

/** An alert concerns the place when it is on a zone holding it, or (for a chosen zone) inside it. */
function concerns(a) {
  return a.zones.some((z) => chain.includes(z) || (place.zone && zones.chain(z).includes(place.zone)));
}

function staleWarning(on) {
  $('stale-banner').hidden = !on;
  clearInterval(staleBeeper);
  staleBeeper = null;
  if (on && soundOn()) {
    beeps(4, 520);
    staleBeeper = setInterval(() => beeps(4, 520), 30_000);
  }
}

// ----- screens -----
function render() {
  if (!place) return;
  layer?.refresh();
  const all = [...alerts.values()];
  const list = all.filter((x) => !isEarly(x.alert)); // the early warning has its own band (early.js)
  const here = leaf();
  showEarly($('early-screen'), list.length ? null : all.find((x) => isEarly(x.alert))?.alert, here, soundOn());
  if (list.length) {
    const top = worst(list.map((x) => x.alert));
    const since = Math.min(...list.map((x) => Date.parse(x.since)));
    showAlert(top, since, here);
    wasAlerted = true;
    $('calm').hidden = true;
  } else {
    if (!$('alert-screen').hidden) hideAlert(here);
    $('calm').hidden = all.length > 0;
    $('calm').textContent = t('calmFor');
  }
}

let shownId = null, countdownTimer = null;
function showAlert(a, since, here) {
  const screen = $('alert-screen');
  const drill = a.status !== 'actual';
  const fresh = shownId !== a.id || screen.hidden;
  screen.classList.toggle('drill', drill);
  screen.dataset.type = a.type;
  screen.dataset.status = a.status;
  $('drill-banner').hidden = !drill;
  $('drill-banner').textContent = a.status === 'test' ? t('testBanner') : t('drillBanner');
  $('alert-title').textContent = (drill ? `${t(a.status === 'test' ? 'test' : 'exercise')}: ` : '') + typeName(a.type);
  $('alert-where').textContent = zoneName(here);
  $('alert-message').textContent = alertMessage(a);
  $('alert-advice').textContent = alertMessage(a).includes(advice(a.type)) ? '' : advice(a.type);
  if (!$('clear-screen').hidden) closeModal($('clear-screen'));
  $('clear-screen').hidden = true;
  screen.hidden = false;
  clearInterval(countdownTimer);
  const tick = () => showTimer(since, since + here.shelter_seconds * 1000);
  tick();
  countdownTimer = setInterval(tick, 250);
  renderShelters();
  if (fresh) {
    shownId = a.id;
    // the head (type, place, drill banner) stays put: focus goes to the button without scrolling
    openModal(screen, $('silence'), [$('notices')]);
    if (soundOn()) drill ? beeps(3, 660) : startSiren(); // drills never sound a real siren
    notify(`${drill ? t('exercise') + ': ' : ''}${typeName(a.type)} — ${zoneName(here)}`, alertMessage(a));
  }
}

/**
 * The time to shelter counting down; once it has run out, how long the alert has lasted and
 * "stay in the shelter" (a countdown stuck at zero for hours tells nothing).
 */
function showTimer(since, end) {
  const now = Date.now();
  const left = end - now;
  const over = left <= 0;
  $('countdown').dataset.phase = over ? 'elapsed' : 'countdown';
  $('countdown').dataset.left = String(Math.max(0, Math.ceil(left / 1000)));
  $('countdown').textContent = over ? duration(now - since) : duration(left);
  $('countdown-label').textContent = t(over ? 'alertLasts' : 'countdown');
  $('stay').hidden = !over;
}

function hideAlert(here) {
  clearInterval(countdownTimer);
  stopSiren();
  closeModal($('alert-screen'));
  $('alert-screen').hidden = true;
  shownId = null;
  if (wasAlerted) {
    $('clear-where').textContent = zoneName(here);
    $('clear-screen').hidden = false;
    openModal($('clear-screen'), $('clear-ok'), [$('notices')]);
    if (soundOn()) beeps(2, 440);
    notify(`${t('allClear')} — ${zoneName(here)}`, t('allClearText'));
    wasAlerted = false;
  }
}

async function loadShelters() {
  shelters = [];
  if (place.lat == null) { renderShelters(); return; }
  try { shelters = (await get(`/api/v1/shelters/near?lat=${place.lat}&lon=${place.lon}&limit=3`)).shelters; } catch { shelters = []; }
  renderShelters();
}

function renderShelters() {
  const ul = $('shelters');
  ul.innerHTML = '';
  if (!shelters.length) {
    const li = document.createElement('li');
    li.textContent = t('noShelters');
    ul.append(li);
    return;
  }
  const limit = leaf()?.shelter_seconds ?? 90;
  for (const s of shelters) {
    const li = document.createElement('li');
    const walk = document.createElement('span');
    walk.textContent = `${s.distance_m} m · ${t('walk')} ${duration(s.walk_seconds * 1000)}`;
    if (s.walk_seconds > limit) {
      walk.className = 'far';
      walk.textContent += ` — ${t('tooFar')}`;
    }
    const what = [s.address, s.kind, s.step_free ? t('stepFree') : null].filter(Boolean).join(' · ');
    li.append(what, document.createElement('br'), walk);
    ul.append(li);
  }
}

// ----- sound and notifications -----
function soundOn() {
  return localStorage.getItem(SOUND_KEY) === 'on';
}

function notify(title, body) {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  try { new Notification(title, { body, tag: 'tryvoha', requireInteraction: true }); } catch { /* some browsers only via a service worker */ }
}

function renderNotif() {
  const p = 'Notification' in window ? Notification.permission : 'denied';
  $('notif-state').textContent = p === 'granted' ? t('notifOn') : p === 'denied' ? t('notifBlocked') : '—';
  $('notif').hidden = p !== 'default';
}

$('sound').checked = soundOn();
$('sound').addEventListener('change', () => {
  localStorage.setItem(SOUND_KEY, $('sound').checked ? 'on' : 'off');
  if ($('sound').checked) unlock();
});
watchDrills($('drills'), () => { if (place) subscribe(); });
$('test-sound').addEventListener('click', () => { unlock(); beeps(2, 880); });
$('notif').addEventListener('click', async () => { await Notification.requestPermission(); renderNotif(); });
$('silence').addEventListener('click', stopSiren);
$('clear-ok').addEventListener('click', () => { closeModal($('clear-screen')); $('clear-screen').hidden = true; });
// audio needs a gesture: any click on the page unlocks it when sound is on
document.addEventListener('click', () => { if (soundOn()) unlock(); }, { once: true });

// ----- choosing -----
$('locate').addEventListener('click', () => {
  navigator.geolocation?.getCurrentPosition(
    (pos) => choose({ lat: +pos.coords.latitude.toFixed(5), lon: +pos.coords.longitude.toFixed(5) }),
    (err) => { $('place-error').textContent = err.message; $('place-error').hidden = false; },
    { enableHighAccuracy: true, timeout: 15000 });
});

$('search-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const q = $('q').value.trim();
  const ul = $('results');
  ul.innerHTML = '';
  if (!q) return;
  const { zones: found } = await get(`/api/v1/zones/search?q=${encodeURIComponent(q)}&limit=8`);
  if (!found.length) {
    const li = document.createElement('li');
    li.textContent = t('notFound');
    ul.append(li);
  }
  for (const z of found) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = [z, zones.get(z.parent)].filter((x) => x && x.level !== 'country').map(zoneName).join(', ');
    b.addEventListener('click', () => { ul.innerHTML = ''; choose({ zone: z.id }); });
    li.append(b);
    ul.append(li);
  }
  ul.querySelector('button')?.focus();
});

const mini = createMap($('minimap'), config);
layer = new ZoneLayer(mini, coverageStyle(() => zones.coverage([...alerts.values()].map((x) => x.alert))), (props, ll) =>
  choose({ lat: +ll.lat.toFixed(5), lon: +ll.lng.toFixed(5) }), { zones, targets: () => [...alerts.values()].flatMap((x) => x.alert.zones) });
shelterLayer(mini);
const marker = L.marker([0, 0], { opacity: 0, keyboard: false }).addTo(mini);

window.addEventListener('tryvoha:lang', () => { renderPlace(); renderNotif(); if (place) renderShelters(); });
watchNotices();
langSwitch();
renderNotif();
const saved = savedPlace();
if (saved) await choose(saved);
else renderPlace();
await layer.ready;
document.body.dataset.ready = 'true';
