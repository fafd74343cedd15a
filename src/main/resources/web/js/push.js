// Web Push on the resident page: alerts for the chosen place even when the page is closed.
// The service worker (/push-sw.js, scope "/" so that it also serves the app installed from the
// manifest, whose start is /resident) shows the notification; this module subscribes the browser
// with the server's VAPID key and tells the server the place's zone. resident.js announces the
// place with a 'tryvoha:place' event (detail: zone ids, leaf first); the first-run step
// (install.js) asks for it with wantPush().
import { lang } from './i18n.js';

const TEXT = {
  uk: { label: 'Push-сповіщення (коли сторінка закрита)', on: 'увімкнено', off: 'вимкнено', enable: 'Увімкнути', disable: 'Вимкнути',
    unsupported: 'браузер не підтримує', blocked: 'заблоковано в браузері', choose: 'спершу оберіть місце', failed: 'не вдалося: ' },
  en: { label: 'Push notifications (when the page is closed)', on: 'on', off: 'off', enable: 'Turn on', disable: 'Turn off',
    unsupported: 'not supported by this browser', blocked: 'blocked in the browser', choose: 'choose a place first', failed: 'failed: ' },
};
const tt = (k) => (TEXT[lang()] || TEXT.en)[k];
const SCOPE = '/';
const WANT = 'tryvoha.push'; // 'on': subscribe as soon as there is a place (first-run step)
let zone = null;

function row() {
  let r = document.getElementById('push-row');
  if (r) return r;
  const anchor = document.getElementById('notif')?.parentElement;
  if (!anchor) return null;
  r = document.createElement('div');
  r.className = 'row';
  r.id = 'push-row';
  r.innerHTML = '<span id="push-label"></span>: <span id="push-state"></span> <button type="button" id="push-toggle"></button>';
  anchor.after(r);
  r.querySelector('#push-toggle').addEventListener('click', toggle);
  return r;
}

function supported() {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

async function current() {
  // the worker of an older page was registered under /web/: its subscription still counts
  for (const reg of await navigator.serviceWorker.getRegistrations()) {
    const sub = await reg.pushManager.getSubscription();
    if (sub) return sub;
  }
  return null;
}

async function render(problem) {
  const r = row();
  if (!r) return;
  r.querySelector('#push-label').textContent = tt('label');
  const state = r.querySelector('#push-state'), button = r.querySelector('#push-toggle');
  if (!supported()) {
    state.textContent = tt('unsupported');
    button.hidden = true;
    return;
  }
  const sub = await current();
  state.textContent = problem ? tt('failed') + problem : Notification.permission === 'denied' ? tt('blocked') : sub ? tt('on') : tt('off');
  button.textContent = sub ? tt('disable') : tt('enable');
  button.hidden = Notification.permission === 'denied';
}

function bytes(b64url) {
  const s = atob(b64url.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

function activated(reg) {
  const w = reg.installing || reg.waiting;
  if (!w) return Promise.resolve();
  return new Promise((resolve) => w.addEventListener('statechange', () => { if (w.state === 'activated') resolve(); }));
}

async function send(method, body) {
  const res = await fetch('/api/v1/push/subscriptions', { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok && res.status !== 404) throw new Error((await res.json()).detail || res.status);
}

async function enable() {
  if (!zone) throw new Error(tt('choose'));
  if ((await Notification.requestPermission()) !== 'granted') return;
  const reg = await navigator.serviceWorker.register('/push-sw.js', { scope: SCOPE });
  await activated(reg);
  const key = (await (await fetch('/api/v1/push/key')).json()).public_key;
  const sub = (await reg.pushManager.getSubscription()) || (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytes(key) }));
  await send('POST', { ...sub.toJSON(), zones: [zone], drills: true });
}

async function disable() {
  const sub = await current();
  if (!sub) return;
  localStorage.removeItem(WANT);
  await send('DELETE', { endpoint: sub.endpoint });
  await sub.unsubscribe();
}

async function toggle() {
  try {
    if (await current()) await disable();
    else await enable();
    await render();
  } catch (e) {
    await render(e.message);
  }
}

// a new place: a subscribed browser is moved to the new zone
window.addEventListener('tryvoha:place', async (e) => {
  zone = e.detail[0] || null;
  if (!supported()) return render();
  const sub = await current();
  if (sub && zone) await send('POST', { ...sub.toJSON(), zones: [zone], drills: true }).catch((err) => render(err.message));
  else if (!sub && zone && wanted()) await enable().catch((err) => render(err.message));
  render();
});

function wanted() {
  return localStorage.getItem(WANT) === 'on' && Notification.permission === 'granted';
}

/**
 * The first-run step's "Enable notifications", once permission is granted: subscribes now when a
 * place is chosen, else as soon as one is. Answers 'on', 'later' (no place yet) or 'unsupported'.
 */
export async function wantPush() {
  if (!supported()) return 'unsupported';
  localStorage.setItem(WANT, 'on');
  if (!zone) return 'later';
  try {
    if (!(await current())) await enable();
    await render();
    return 'on';
  } catch (e) {
    await render(e.message);
    throw e;
  }
}
document.addEventListener('click', (e) => { if (e.target?.dataset?.lang) setTimeout(() => render(), 0); });
render();
