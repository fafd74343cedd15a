// The resident page (/resident): choose places, then be woken for alerts there.
// Light by design: no zone tree, no country-wide geometry. The stream of the followed places opens
// first; Leaflet and the place's own area (places.js, residentmap.js) load after its first state.
import { get } from './api.js';
import { advice, alertMessage, duration, lang, langSwitch, t, typeName, zoneName } from './i18n.js';
import { Live, showStatus } from './live.js';
import { drillsParam, watchDrills } from './drills.js';
import { watch as checkSignature } from './signed.js';
import { beeps, startSiren, stopSiren, unlock } from './siren.js';
import { isEarly, showEarly } from './early.js';
import { worst } from './zonemap.js';
import { MAX_PLACES, alertsFor, asZone, loadPlaces, pt, renderPlaces, resolvePlace, savePlaces, streamUrl } from './places.js';
import { loadMap } from './residentmap.js';
import { watchNotices } from './notices.js';
import { closeModal, openModal } from './dialog.js';

const $ = (id) => document.getElementById(id);
const config = await get('/api/v1/web/config');
const SOUND_KEY = 'tryvoha.sound';

let places = loadPlaces(); // followed places, the main one first (places.js)
let place = null;       // the main place: { zone, label, lat, lon, chain, inside, shelter_seconds }
let chain = [];         // zone ids holding the main place, leaf first
let live = null;
let alerts = new Map(); // id → { alert, since } for alerts that concern a followed place
let shelters = [];
let wasAlerted = false;
let staleBeeper = null;
let map = null;         // residentmap.js, once Leaflet has loaded

// ----- places -----
function urlPlace() {
  const q = new URLSearchParams(location.search);
  if (q.has('lat') && q.has('lon')) return { lat: Number(q.get('lat')), lon: Number(q.get('lon')) };
  if (q.has('zone')) return { zone: q.get('zone') };
  return null;
}

/** Follows a place (first = main), or makes a followed one the main place again. */
async function choose(p) {
  $('place-error').hidden = true;
  let resolved;
  try { resolved = await resolvePlace(p); } catch { resolved = null; }
  if (!resolved) {
    $('place-error').textContent = t('outside');
    $('place-error').hidden = false;
    return;
  }
  places = [resolved, ...places.filter((x) => x.zone !== resolved.zone)].slice(0, MAX_PLACES);
  await follow();
}

/** After the list changed: save it, take the first as the main place, reopen the feed. */
async function follow() {
  savePlaces(places);
  place = places[0] || null;
  chain = place ? place.chain : [];
  if (place) window.dispatchEvent(new CustomEvent('tryvoha:place', { detail: chain })); // push.js follows the main place
  alerts = new Map();
  wasAlerted = false;
  renderPlace();
  subscribe();
  if (place) loadShelters();
  map?.show(place);
}

/** Places saved by an older page (a point, no chain): filled in from the server before the feed opens. */
async function completePlaces() {
  const done = [];
  for (const p of places) {
    if (p.zone && p.chain) done.push(p);
    else {
      try {
        const r = await resolvePlace(p);
        if (r) done.push(r);
      } catch { /* dropped: it is no longer a place */ }
    }
  }
  places = done;
}

function leaf() {
  return asZone(place);
}

function renderPlace() {
  renderPlaceList();
  if (!place) {
    $('place').textContent = t('choosePlace');
    $('calm').hidden = true;
    return;
  }
  $('place').textContent = zoneName(leaf());
  $('shelter-time').textContent = `${t('shelterTime')}: ${leaf().shelter_seconds} ${t('seconds')}`;
  render();
}

/** Every followed place with its own state: calm, or the alert in force there and since when. */
function renderPlaceList() {
  const ul = $('places');
  ul.hidden = places.length < 2;
  $('places-h').hidden = places.length < 2;
  $('places-h').textContent = pt('places');
  $('choose-h').textContent = places.length ? pt('add') : t('choosePlace');
  $('places-more').textContent = pt('more');
  const describe = (list) => {
    const top = worst(list.map((x) => x.alert));
    const since = list.map((x) => x.since).sort()[0];
    return `${typeName(top.type)} ${pt('since')} ${new Date(since).toLocaleTimeString(lang() === 'uk' ? 'uk-UA' : 'en-GB', { hour: '2-digit', minute: '2-digit' })}`;
  };
  renderPlaces(ul, places, alerts, describe, (i) => {
    places.splice(i, 1);
    follow();
  });
}

// ----- the feed -----
function subscribe() {
  live?.close();
  if (!places.length) return;
  $('conn').hidden = false;
  document.body.dataset.feedOwner = 'resident';
  live = new Live(streamUrl(places, drillsParam()), {
    state: (s) => {
      window.tryvohaFirst?.close(); // first.js showed the first state; this feed carries on
      const next = new Map();
      for (const z of s.zones) for (const c of z.alerts) if (!next.has(c.alert.id)) next.set(c.alert.id, { alert: c.alert, since: c.since });
      alerts = next;
      render();
      mapSoon();
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

/** An alert concerns a followed place when it is on a zone holding it, or inside it. */
function concerns(a) {
  return places.some((p) => alertsFor(p, new Map([[a.id, { alert: a }]])).length > 0);
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
  renderPlaceList();
  map?.refresh(places, alerts);
  const all = [...alerts.values()];
  const list = all.filter((x) => !isEarly(x.alert)); // the early warning has its own band (early.js)
  const here = alertedPlace(list);
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

/** The place the alert screen speaks of: the main one when it is under alert, else the first alerted one. */
function alertedPlace(list) {
  const ids = new Set(list.map((x) => x.alert.id));
  const hit = places.find((p) => alertsFor(p, alerts).some((x) => ids.has(x.alert.id)));
  return asZone(hit || place);
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
    window.dispatchEvent(new CustomEvent('tryvoha:alert', { detail: { id: a.id, drill } })); // wake.js: wake lock, vibration, title
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
  window.dispatchEvent(new Event('tryvoha:clear'));
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
window.addEventListener('tryvoha:permission', renderNotif); // granted from the first-run step (install.js)
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
  showPlaceResults(ul, (await get(`/api/v1/places?q=${encodeURIComponent(q)}&limit=8`)).places);
});

/** Search answers: the place's name, then its raion and oblast; a click follows it. */
function showPlaceResults(ul, found) {
  if (!found.length) {
    const li = document.createElement('li');
    li.textContent = t('notFound');
    ul.append(li);
  }
  for (const p of found) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    const name = lang() === 'en' ? p.name_en : p.name_uk;
    // the raion and oblast tell same-named places apart (Миколаїв in Mykolaiv and in Lviv oblast)
    const where = p.within.filter((z) => z.level !== 'country' && zoneName(z) !== name).map(zoneName);
    b.textContent = [name, ...where].join(', ');
    b.addEventListener('click', () => {
      ul.innerHTML = '';
      $('q').value = '';
      choose({ zone: p.zone.id, label: p.name_uk, label_en: p.name_en });
    });
    li.append(b);
    ul.append(li);
  }
  ul.querySelector('button')?.focus();
}

/** The map and its Leaflet load once the feed has given its first state (or at once with no place). */
let mapLoading = null;
function mapSoon() {
  mapLoading ??= loadMap($('minimap'), config, (ll) => choose({ lat: +ll.lat.toFixed(5), lon: +ll.lng.toFixed(5) })).then((m) => {
    map = m;
    map.show(place);
    map.refresh(places, alerts);
    document.body.dataset.ready = 'true';
  });
  return mapLoading;
}

window.addEventListener('tryvoha:lang', () => { renderPlace(); renderNotif(); if (place) renderShelters(); });
watchNotices();
langSwitch();
renderNotif();
const fromUrl = urlPlace();
if (fromUrl) await choose(fromUrl);
else {
  await completePlaces();
  await follow();
}
if (!places.length) await mapSoon();
else setTimeout(mapSoon, 5000); // a feed that does not answer must not leave the page without its map
