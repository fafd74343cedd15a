// The places a resident follows (home, work, parents…), kept in localStorage: the first is the main
// one ('tryvoha.place' too, which the stats page reads). Each place: { zone, label, label_en, lat, lon,
// chain: [zone ids, leaf first], inside: [zone ids below it], shelter_seconds } — what the page needs
// to show its state from the stream's first message without asking anything else.
import { get } from './api.js';
import { lang } from './i18n.js';

const KEY = 'tryvoha.places', ONE = 'tryvoha.place';
export const MAX_PLACES = 5;

const TEXT = {
  uk: { places: 'Мої місця', add: 'Додати місце', remove: 'Прибрати', calm: 'тривоги немає', since: 'з', main: 'головне', more: 'До 5 місць: дім, робота, батьки…' },
  en: { places: 'My places', add: 'Add a place', remove: 'Remove', calm: 'no alert', since: 'since', main: 'main', more: 'Up to 5 places: home, work, parents…' },
};
export const pt = (k) => (TEXT[lang()] || TEXT.en)[k];

export function loadPlaces() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY));
    if (Array.isArray(list)) return list.filter((p) => p && (p.zone || p.lat != null));
  } catch { /* unreadable: start again */ }
  try {
    const one = JSON.parse(localStorage.getItem(ONE));
    if (one) return [one];
  } catch { /* none */ }
  return [];
}

export function savePlaces(list) {
  localStorage.setItem(KEY, JSON.stringify(list));
  if (list.length) localStorage.setItem(ONE, JSON.stringify(list[0]));
  else localStorage.removeItem(ONE);
}

/** The stream of every followed place: one connection, one zone= per place. */
export function streamUrl(list, drills) {
  const zones = [...new Set(list.map((p) => p.zone).filter(Boolean))];
  return `/api/v1/stream?${zones.map((z) => `zone=${encodeURIComponent(z)}`).join('&')}&heartbeat=event${drills}`;
}

/** Fills in a place's zone, chain, point and names from the server: by its zone, or by its point. */
export async function resolvePlace(p) {
  let zone = p.zone;
  if (!zone) {
    const at = (await get(`/api/v1/zones/at?lat=${p.lat}&lon=${p.lon}`)).zones;
    if (!at.length) return null;
    zone = at[0].id;
  }
  const info = await get(`/api/v1/places/${encodeURIComponent(zone)}`);
  const names = (key) => info.chain.filter((z) => z.level !== 'country').slice(0, 3).map((z) => z[key]).join(', ');
  return {
    zone,
    label: p.label || names('name_uk'),
    label_en: p.label_en || p.label || names('name_en'),
    lat: p.lat ?? info.point.lat,
    lon: p.lon ?? info.point.lon,
    chain: info.chain.map((z) => z.id),
    inside: info.inside,
    shelter_seconds: info.zone.shelter_seconds,
  };
}

/** A place as a zone-like object for the alert screen: zoneName() and shelter_seconds. */
export function asZone(p) {
  return p && { id: p.zone, name_uk: p.label, name_en: p.label_en || p.label, shelter_seconds: p.shelter_seconds ?? 90 };
}

/** The alerts (id → { alert, since }) that concern a place: on a zone holding it, or inside it. */
export function alertsFor(p, alerts) {
  const chain = p.chain || [p.zone];
  const inside = p.inside || [];
  return [...alerts.values()].filter((x) => x.alert.zones.some((z) => chain.includes(z) || inside.includes(z)));
}

/** The list of followed places with each one's state; `onRemove(i)` when its button is pressed. */
export function renderPlaces(ul, list, alerts, describe, onRemove) {
  ul.innerHTML = '';
  list.forEach((p, i) => {
    const li = document.createElement('li');
    const here = alertsFor(p, alerts);
    li.dataset.state = here.length ? 'alert' : 'calm';
    const name = document.createElement('span');
    name.className = 'place-label';
    name.textContent = (lang() === 'en' ? p.label_en : p.label) || p.label;
    const state = document.createElement('span');
    state.className = 'place-state';
    state.textContent = here.length ? describe(here) : pt('calm');
    const rm = document.createElement('button');
    rm.type = 'button';
    rm.className = 'place-remove';
    rm.textContent = '×';
    rm.setAttribute('aria-label', `${pt('remove')}: ${name.textContent}`);
    rm.addEventListener('click', () => onRemove(i));
    li.append(name, ' ', state, rm);
    if (i === 0 && list.length > 1) li.dataset.main = 'true';
    ul.append(li);
  });
}
