// The resident page's first run, and installing it as an app. A panel at the top of the page, shown
// until it is closed (or both steps are done), turns on with one click each what is off by default:
// notifications (the permission, then Web Push through push.js) and the siren sound (the click also
// unlocks audio, which browsers allow only after a gesture). On an iPhone or iPad outside the
// home-screen app it says first to add the page to the Home Screen: iOS (16.4+) delivers Web Push
// only to an installed web app. Where the browser offers its own install prompt (Chromium), an
// "Install" button shows it.
import { lang } from './i18n.js';
import { beeps, unlock } from './siren.js';

const DONE = 'tryvoha.firstRun', SOUND = 'tryvoha.sound';
const TEXT = {
  uk: {
    title: 'Щоб не пропустити тривогу',
    intro: 'Два кроки на цьому пристрої. Сповіщення приходять, навіть коли сторінку закрито; звук сирени лунає, поки вона відкрита (зараз звук вимкнено).',
    ios: 'На iPhone та iPad сповіщення працюють лише із застосунку на початковому екрані (iOS 16.4 або новіша): натисніть «Поділитися», потім «На початковий екран», відкрийте «Тривогу» звідти й увімкніть сповіщення там.',
    notify: 'Увімкнути сповіщення', sound: 'Увімкнути звук', install: 'Встановити застосунок', done: 'Готово',
    notifyOn: 'сповіщення увімкнено', notifyLater: 'сповіщення увімкнено; оберіть місце нижче, і вони надходитимуть для нього',
    notifyBlocked: 'сповіщення заблоковано в налаштуваннях браузера', notifyNone: 'цей браузер не показує сповіщень',
    failed: 'не вдалося: ', soundOn: 'звук увімкнено',
  },
  en: {
    title: 'So that you never miss an alert',
    intro: 'Two steps on this device. Notifications arrive even when the page is closed; the siren sounds while it is open (sound is off now).',
    ios: 'On iPhone and iPad, notifications work only from the app on the Home Screen (iOS 16.4 or later): tap Share, then "Add to Home Screen", open Tryvoha from there and turn notifications on in it.',
    notify: 'Enable notifications', sound: 'Enable sound', install: 'Install the app', done: 'Done',
    notifyOn: 'notifications are on', notifyLater: 'notifications are on; choose your place below and they will come for it',
    notifyBlocked: 'notifications are blocked in the browser settings', notifyNone: 'this browser does not show notifications',
    failed: 'failed: ', soundOn: 'sound is on',
  },
};
const tt = (k) => (TEXT[lang()] || TEXT.uk)[k];
const $ = (id) => document.getElementById(id);

/** An iPhone or iPad (iPadOS says it is a Mac, but has a touch screen). */
const ios = /iPad|iPhone|iPod/.test(navigator.userAgent) || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
const installed = navigator.standalone === true || matchMedia('(display-mode: standalone)').matches;
let prompt = null;  // Chromium's beforeinstallprompt, kept for the Install button
let pushState = ''; // what the last "Enable notifications" came to

function build() {
  const s = document.createElement('section');
  s.id = 'first-run';
  s.className = 'card first-run';
  s.setAttribute('aria-labelledby', 'first-run-h');
  s.innerHTML = `<h2 id="first-run-h"></h2><p id="fr-intro"></p><p id="fr-ios" class="fr-ios" hidden></p>
    <div class="row"><button type="button" id="fr-notify" class="primary"></button><span id="fr-notify-state" role="status"></span></div>
    <div class="row"><button type="button" id="fr-sound" class="primary"></button><span id="fr-sound-state" role="status"></span></div>
    <div class="row"><button type="button" id="fr-install" hidden></button><button type="button" id="fr-done"></button></div>`;
  document.querySelector('main').prepend(s);
  $('fr-notify').addEventListener('click', notifications);
  $('fr-sound').addEventListener('click', sound);
  $('fr-install').addEventListener('click', install);
  $('fr-done').addEventListener('click', close);
  s.addEventListener('keydown', (e) => { if (e.key === 'Escape') close(); });
  render();
}

function render() {
  if (!$('first-run')) return;
  $('first-run-h').textContent = tt('title');
  $('fr-intro').textContent = tt('intro');
  // Safari on iOS outside the home-screen app has no Notification or push at all: install first
  const needsInstall = ios && !installed;
  $('fr-ios').hidden = !needsInstall;
  $('fr-ios').textContent = tt('ios');
  $('fr-notify').textContent = tt('notify');
  $('fr-notify').hidden = needsInstall || !('Notification' in window);
  $('fr-notify-state').textContent = notifyState();
  $('fr-sound').textContent = tt('sound');
  $('fr-sound-state').textContent = localStorage.getItem(SOUND) === 'on' ? tt('soundOn') : '';
  $('fr-install').textContent = tt('install');
  $('fr-install').hidden = !prompt;
  $('fr-done').textContent = tt('done');
}

function notifyState() {
  if (!('Notification' in window)) return ios && !installed ? '' : tt('notifyNone');
  if (Notification.permission === 'denied') return tt('notifyBlocked');
  if (pushState.startsWith('!')) return tt('failed') + pushState.slice(1);
  if (Notification.permission !== 'granted') return '';
  return pushState === 'later' ? tt('notifyLater') : tt('notifyOn');
}

async function notifications() {
  // asked first thing in the click: Safari shows the prompt only from a gesture
  const permission = await Notification.requestPermission();
  window.dispatchEvent(new Event('tryvoha:permission'));
  if (permission === 'granted') {
    try {
      const { wantPush } = await import('./push.js');
      pushState = await wantPush();
    } catch (e) { pushState = `!${e.message}`; }
  }
  render();
  finishIfDone();
}

function sound() {
  localStorage.setItem(SOUND, 'on');
  unlock(); // this click is the gesture that lets the page sound later
  beeps(2, 880);
  const box = $('sound');
  if (box) box.checked = true;
  render();
  finishIfDone();
}

async function install() {
  const p = prompt;
  prompt = null;
  render();
  if (!p) return;
  p.prompt();
  await p.userChoice.catch(() => null);
}

/** Both steps done: the panel has said what it had to; it goes on the next visit. */
function finishIfDone() {
  if (localStorage.getItem(SOUND) === 'on' && 'Notification' in window && Notification.permission === 'granted') localStorage.setItem(DONE, 'done');
}

function close() {
  localStorage.setItem(DONE, 'done');
  $('first-run')?.remove();
  document.body.dataset.firstRun = 'done';
  $('locate')?.focus({ preventScroll: false }); // the next step: choosing the place
}

window.addEventListener('beforeinstallprompt', (e) => {
  e.preventDefault(); // shown from our button, not as the browser's own bar
  prompt = e;
  render();
});
window.addEventListener('appinstalled', () => { prompt = null; render(); });
window.addEventListener('tryvoha:lang', render);

function start() {
  const first = localStorage.getItem(DONE) !== 'done';
  if (first) build();
  document.body.dataset.firstRun = first ? 'shown' : 'done';
}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
