// While the alert screen is on: the screen kept awake (Screen Wake Lock, taken again when the page
// comes back to the front), a vibration when a new alert arrives (a short one for a drill), and the
// tab's title and icon saying so ("🔴 ТРИВОГА — Харків", the red favicon); all undone on the
// all-clear. resident.js announces the screen with 'tryvoha:alert' (detail: { id, drill }) and its
// end with 'tryvoha:clear'. Every feature is detected first: without it the alert shows all the same.
import { lang } from './i18n.js';

const ICON = '/web/icons/favicon-32.png', ALERT_ICON = '/web/icons/favicon-alert-32.png';
const WORDS = { uk: { alert: 'ТРИВОГА', drill: 'НАВЧАННЯ' }, en: { alert: 'ALERT', drill: 'DRILL' } };
const BUZZ = [600, 200, 600, 200, 600, 200, 1200]; // a real alert: long and insistent
const BUZZ_DRILL = [150];                          // a drill: one short pulse, never the alert's
const $ = (id) => document.getElementById(id);

let current = null; // { id, drill } while the alert screen is on
let calmTitle = null;
let lock = null, asking = false;

function on(id, drill) {
  const fresh = !current || (current.id && id && current.id !== id);
  if (current && !current.id) current.id = id; // the screen first.js opened, now owned by resident.js
  if (fresh) current = { id, drill };
  current.drill = drill;
  if (calmTitle === null) calmTitle = document.title;
  show();
  if (fresh) buzz(drill);
  keepAwake();
}

function off() {
  if (!current) return;
  current = null;
  document.title = calmTitle ?? document.title;
  calmTitle = null;
  icon(ICON);
  if ('vibrate' in navigator) try { navigator.vibrate(0); } catch { /* nothing to stop */ }
  const l = lock;
  lock = null;
  l?.release().catch(() => {});
}

/** The title and icon of the tab (and of the app in the task switcher). */
function show() {
  if (!current) return;
  const w = WORDS[lang()] || WORDS.uk;
  const where = $('alert-where')?.textContent.trim();
  document.title = `${current.drill ? w.drill : `🔴 ${w.alert}`}${where ? ` — ${where}` : ''}`;
  icon(current.drill ? ICON : ALERT_ICON); // a drill never wears the alert's red
}

function icon(href) {
  const link = $('favicon');
  if (link && link.getAttribute('href') !== href) link.setAttribute('href', href);
}

function buzz(drill) {
  if (!('vibrate' in navigator)) return;
  try { navigator.vibrate(drill ? BUZZ_DRILL : BUZZ); } catch { /* refused without a gesture: the screen and sound still warn */ }
}

/** Screen Wake Lock while the alert is on; the browser drops it when the page is hidden. */
async function keepAwake() {
  if (!current || lock || asking || !('wakeLock' in navigator) || document.visibilityState !== 'visible') return;
  asking = true;
  try {
    const l = await navigator.wakeLock.request('screen');
    if (!current) { l.release().catch(() => {}); return; } // the all-clear came while asking
    lock = l;
    l.addEventListener?.('release', () => { if (lock === l) lock = null; });
  } catch { /* refused (battery saver, policy): the alert still shows */ } finally {
    asking = false;
  }
}

window.addEventListener('tryvoha:alert', (e) => on(e.detail?.id ?? null, !!e.detail?.drill));
window.addEventListener('tryvoha:clear', off);
window.addEventListener('tryvoha:lang', () => setTimeout(show, 0)); // after resident.js has renamed the place
document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') keepAwake(); });

// an alert already on screen when this module arrives (first.js shows the alert in force at once)
const screen = $('alert-screen');
if (screen && !screen.hidden) on(null, screen.classList.contains('drill'));
