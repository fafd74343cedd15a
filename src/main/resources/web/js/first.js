// The resident page starts here. The alert in force goes on screen from the stream's first state:
// the page's inline script has opened the stream; this module and i18n.js are all that showing it
// needs, so the alert shows before the page's other scripts,
// Leaflet and the map's geometry are even asked for (on Slow 4G they would compete for the same
// 400 kbit/s). Then it loads the page (resident.js, push.js, wake.js, install.js), which takes over
// the screen and closes this stream once its own feed has spoken (window.tryvohaFirst).
import { alertMessage, lang, typeName } from './i18n.js';

let started = false;
function page() {
  if (started) return;
  started = true;
  import('./resident.js');
  import('./push.js');
  import('./wake.js');    // while an alert is on: wake lock, vibration, title and icon
  import('./install.js'); // the first-run step: notifications, sound, Add to Home Screen
}

// the feed was opened by the page's inline script (resident.html), before this module was fetched
const opened = window.tryvohaOpened;
const places = opened ? opened.places : [];
if (opened) {
  const es = opened.es;
  window.tryvohaFirst = es;
  setTimeout(page, 3000); // a feed that does not answer must not hold the page back
  const done = () => {
    if (opened.state === undefined) return page(); // the feed failed before its first state
    es.close();
    try { show(JSON.parse(opened.state)); } finally { page(); }
  };
  if (opened.state !== undefined || opened.failed) done();
  else es.addEventListener('first', done, { once: true });
} else page();

function show(s) {
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => show(s), { once: true });
    return;
  }
  if (document.body.dataset.feedOwner === 'resident') return; // the full page is already live
  for (const z of s.zones) {
    const found = z.alerts.find((c) => c.alert.type !== 'early_warning');
    if (!found) continue;
    const p = places.find((x) => x.zone === z.zone) || places[0];
    const a = found.alert;
    const screen = document.getElementById('alert-screen');
    screen.classList.toggle('drill', a.status !== 'actual');
    screen.dataset.type = a.type;
    document.getElementById('alert-title').textContent = typeName(a.type);
    document.getElementById('alert-where').textContent = (lang() === 'en' && p.label_en) || p.label || '';
    document.getElementById('alert-message').textContent = alertMessage(a);
    screen.hidden = false;
    document.body.dataset.firstAlert = String(performance.now());
    return;
  }
  document.body.dataset.firstAlert = 'none';
}
