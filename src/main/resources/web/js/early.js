// The early warning on the resident page: "threats expected within minutes" from threat
// tracks. Shown as a band of its own, in amber, with a chime (never the siren); the real alert's
// full screen replaces it, and it leaves without an all-clear (nothing happened yet).
import { advice, alertMessage, typeName, zoneName } from './i18n.js';
import { chime } from './siren.js';

export const EARLY = 'early_warning';

export function isEarly(a) {
  return a.type === EARLY;
}

let shownId = null;

/** Shows (or, with no alert, hides) the early-warning band; a new pre-alert chimes once when `sound`. */
export function showEarly(el, alert, here, sound) {
  if (!alert) {
    el.hidden = true;
    shownId = null;
    return;
  }
  el.querySelector('.early-title').textContent = typeName(alert.type);
  el.querySelector('.early-where').textContent = zoneName(here);
  el.querySelector('.early-message').textContent = alertMessage(alert);
  el.querySelector('.early-advice').textContent = advice(alert.type);
  el.hidden = false;
  if (shownId !== alert.id) {
    shownId = alert.id;
    el.dataset.chimed = String(sound);
    if (sound) chime();
  }
}
