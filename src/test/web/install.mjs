// Browser checks that the resident page installs as an app and behaves like one during an alert,
// at a phone (360×740, Ukrainian) and a desktop (1366×768, English) size, with axe-core on every
// state (no serious or critical violation allowed):
//   - the web-app manifest is linked, served as application/manifest+json, parsed by Chromium
//     without errors, names /resident as its start, standalone, with colours and icons that are
//     fetched as PNGs of the sizes they claim (192, 512, a maskable 512); the apple-touch-icon
//     (180) and the iOS meta tags; the push worker at /push-sw.js
//   - the first-run panel shows on the first visit, works from the keyboard (Tab, Enter, Escape),
//     turns notifications and sound on, goes for good once closed; on an iPhone outside the
//     home-screen app it says to add the page to the Home Screen first
//   - during an alert the title and the favicon change, the screen wake lock is asked for (and
//     asked again when the browser drops it), the phone vibrates (a drill: one short pulse, the
//     calm icon); all undone on the all-clear. navigator.wakeLock and navigator.vibrate are stubs
//     that record their calls: headless Chromium grants neither.
// Called by browser.mjs (install({ browser, base, key, log })); runs alone as
//   node install.mjs <baseUrl> <adminKey>
import { Check, apiClient, assert, axeFindings, runAlone } from './common.mjs';

const VIEWPORTS = [
  { name: '360x740', width: 360, height: 740, mobile: true, locale: 'uk-UA', lang: 'uk' },
  { name: '1366x768', width: 1366, height: 768, mobile: false, locale: 'en-GB', lang: 'en' },
];
const KHARKIV = { lat: 49.9935, lon: 36.2304 };
const KHARKIV_OBLAST = 'UA63000000000041885';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const CALM_TITLE = 'Тривога — моє місце';


/** Records the page's calls to the Screen Wake Lock and Vibration APIs (run before any page script). */
function stubs() {
  const rec = { wake: [], released: 0, vibrate: [], sentinels: [] };
  window.__install = rec;
  const wakeLock = {
    request: async (type) => {
      rec.wake.push(type);
      const listeners = [];
      const s = {
        type, released: false,
        addEventListener: (name, f) => { if (name === 'release') listeners.push(f); },
        release: async () => { if (!s.released) { s.released = true; rec.released++; listeners.forEach((f) => f()); } },
        drop: () => { s.released = true; listeners.forEach((f) => f()); }, // what the browser does when the page is hidden
      };
      rec.sentinels.push(s);
      return s;
    },
  };
  Object.defineProperty(Navigator.prototype, 'wakeLock', { configurable: true, get: () => wakeLock });
  Object.defineProperty(Navigator.prototype, 'vibrate', { configurable: true, writable: true, value: (p) => { rec.vibrate.push(p); return true; } });
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(buf) {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  assert(buf.length > 24 && sig.every((b, i) => buf[i] === b) && buf.toString('latin1', 12, 16) === 'IHDR', 'not a PNG');
  return `${buf.readUInt32BE(16)}x${buf.readUInt32BE(20)}`;
}

export async function install({ browser, base, key, log = (s) => console.log(`- ${s}`) }) {
  const problems = [];
  const api = apiClient(base, key);
  const raise = (type, status = 'actual') => api('POST', '/api/v1/alerts', { type, status, zones: [KHARKIV_OBLAST], message: { uk: 'Тривога', en: 'Alert' } })
    .then((r) => r.alert);
  const cancel = (a) => api('POST', `/api/v1/alerts/${a.id}/cancel`);

  async function context(vp, { init, userAgent, permissions } = {}) {
    const ctx = await browser.newContext({ viewport: { width: vp.width, height: vp.height }, locale: vp.locale, isMobile: vp.mobile,
      hasTouch: vp.mobile, ...(userAgent ? { userAgent } : {}) });
    if (permissions) await ctx.grantPermissions(permissions, { origin: base });
    await ctx.addInitScript(stubs);
    if (init) await ctx.addInitScript(init);
    return ctx;
  }
  async function open(ctx, path, vp) {
    const p = await ctx.newPage();
    p.on('pageerror', (e) => problems.push(`${path} ${vp.name}: ${e.message}`));
    p.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(`${path} ${vp.name}: ${m.text()}`); });
    p.on('request', (r) => { if (!r.url().startsWith(base)) problems.push(`${path} ${vp.name}: request outside the server: ${r.url()}`); });
    await p.goto(base + path);
    await p.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
    await p.waitForSelector('body[data-first-run]', { state: 'attached', timeout: 10000 });
    return p;
  }
  async function axe(p, state) {
    const found = await axeFindings(p);
    if (found.length) problems.push(`axe, ${state}: ${found.join('; ')}`);
  }
  const get = async (url, type, what) => {
    const r = await fetch(url);
    assert(r.ok, `${what}: ${url} answered ${r.status}`);
    assert((r.headers.get('content-type') || '').startsWith(type), `${what}: ${url} is served as ${r.headers.get('content-type')}, not ${type}`);
    return Buffer.from(await r.arrayBuffer());
  };
  const rec = (p) => p.evaluate(() => ({ wake: [...window.__install.wake], released: window.__install.released,
    vibrate: JSON.parse(JSON.stringify(window.__install.vibrate)) }));
  const favicon = (p) => p.getAttribute('link[rel="icon"]', 'href');
  const until = async (p, fn, arg, what) => {
    try { await p.waitForFunction(fn, arg, { timeout: 5000 }); } catch { throw new Check(`${typeof what === 'function' ? await what() : what} (within 5 s)`); }
  };

  // start calm: an alert left by an earlier step would cover the page
  for (const a of (await api('GET', '/api/v1/alerts?active=true')).alerts) await cancel(a);

  // ---------- the manifest and the icons ----------
  log('install: the manifest is linked, valid, and its icons are PNGs of the sizes it claims');
  const vp0 = VIEWPORTS[0];
  const mctx = await context(vp0);
  const m = await open(mctx, '/resident', vp0);
  const manifestUrl = await m.$eval('link[rel="manifest"]', (l) => l.href);
  const manifest = JSON.parse((await get(manifestUrl, 'application/manifest+json', 'manifest')).toString('utf8'));
  for (const f of ['name', 'short_name', 'description']) assert(typeof manifest[f] === 'string' && /[А-Яа-яІіЇїЄєҐґ]/.test(manifest[f]), `manifest ${f} is not in Ukrainian: ${manifest[f]}`);
  assert(manifest.short_name.length <= 12, `manifest short_name is too long for a home screen: ${manifest.short_name}`);
  assert(manifest.start_url === '/resident' && manifest.display === 'standalone' && manifest.scope === '/',
    `manifest start_url/display/scope: ${manifest.start_url} ${manifest.display} ${manifest.scope}`);
  for (const f of ['theme_color', 'background_color']) assert(/^#[0-9a-f]{6}$/i.test(manifest[f] || ''), `manifest ${f}: ${manifest[f]}`);
  const want = [['192x192', 'any'], ['512x512', 'any'], ['512x512', 'maskable']];
  for (const [sizes, purpose] of want) {
    assert(manifest.icons.some((i) => i.sizes === sizes && (i.purpose || 'any').split(' ').includes(purpose)), `manifest has no ${purpose} ${sizes} icon`);
  }
  for (const i of manifest.icons) {
    assert(i.type === 'image/png', `icon ${i.src} type ${i.type}`);
    const size = pngSize(await get(new URL(i.src, manifestUrl).href, 'image/png', `icon ${i.src}`));
    assert(size === i.sizes, `icon ${i.src} is ${size}, the manifest says ${i.sizes}`);
  }
  const cdp = await mctx.newCDPSession(m);
  const parsed = await cdp.send('Page.getAppManifest');
  assert(!parsed.errors.some((e) => e.critical), `Chromium rejects the manifest: ${JSON.stringify(parsed.errors)}`);
  assert(parsed.errors.length === 0, `Chromium's manifest warnings: ${JSON.stringify(parsed.errors)}`);
  const apple = await m.$eval('link[rel="apple-touch-icon"]', (l) => l.href);
  assert(pngSize(await get(apple, 'image/png', 'apple-touch-icon')) === '180x180', 'the apple-touch-icon is not 180×180');
  assert(await m.getAttribute('meta[name="apple-mobile-web-app-capable"]', 'content') === 'yes', 'no apple-mobile-web-app-capable meta');
  assert(await m.getAttribute('meta[name="theme-color"]', 'content') === manifest.theme_color, 'the theme-color meta differs from the manifest');
  for (const href of ['/web/icons/favicon-32.png', '/web/icons/favicon-alert-32.png']) {
    assert(pngSize(await get(base + href, 'image/png', 'favicon')) === '32x32', `${href} is not 32×32`);
  }
  const sw = (await get(`${base}/push-sw.js`, 'text/javascript', 'the push worker')).toString('utf8');
  assert(/notificationclick/.test(sw) && /\/resident/.test(sw), 'the push worker at /push-sw.js does not open /resident on a click');
  await mctx.close();

  for (const vp of VIEWPORTS) {
    const en = vp.lang === 'en';
    // ---------- the first run ----------
    log(`install: the first-run panel at ${vp.name}: shown once, from the keyboard`);
    const ctx = await context(vp, { permissions: ['notifications'] });
    const p = await open(ctx, '/resident', vp);
    await p.waitForSelector('#first-run', { state: 'visible', timeout: 5000 });
    assert(/сповіщення|notifications/i.test(await p.textContent('#fr-notify')), 'the first-run panel has no notifications button');
    assert(!await p.isVisible('#fr-ios'), `${vp.name}: the iPhone instruction shows in Chromium`);
    await axe(p, `first-run panel ${vp.name}`);
    const tabTo = async (id) => {
      for (let i = 0; i < 25 && await p.evaluate(() => document.activeElement?.id) !== id; i++) await p.keyboard.press('Tab');
      assert(await p.evaluate(() => document.activeElement?.id) === id, `${vp.name}: Tab does not reach #${id}`);
    };
    await tabTo('fr-notify');
    await p.keyboard.press('Enter');
    // permission granted, no place chosen yet: push waits for the place
    await until(p, () => /оберіть місце|choose your place/.test(document.getElementById('fr-notify-state').textContent), null,
      `${vp.name}: "Enable notifications" does not say it waits for a place`);
    assert(/увімкнено|on/.test(await p.textContent('#notif-state')), `${vp.name}: the settings do not show notifications on`);
    await tabTo('fr-sound');
    await p.keyboard.press('Enter');
    await until(p, () => localStorage.getItem('tryvoha.sound') === 'on' && document.getElementById('sound').checked, null,
      `${vp.name}: "Enable sound" did not turn the sound setting on`);
    assert((await p.textContent('#fr-sound-state')).trim(), `${vp.name}: "Enable sound" says nothing`);
    await tabTo('fr-done');
    await p.keyboard.press('Enter');
    await p.waitForSelector('#first-run', { state: 'detached', timeout: 3000 });
    assert(await p.evaluate(() => document.activeElement?.id) === 'locate', `${vp.name}: after the panel the focus is not on choosing a place`);
    await p.reload();
    await p.waitForSelector('body[data-first-run="done"]', { state: 'attached', timeout: 10000 });
    assert(await p.locator('#first-run').count() === 0, `${vp.name}: the first-run panel came back after it was closed`);
    await ctx.close();

    // Escape closes it too; an iPhone outside the home-screen app is told to add it there first
    const ios = await context(vp, { userAgent: IPHONE });
    const ip = await open(ios, '/resident', vp);
    await ip.waitForSelector('#fr-ios', { state: 'visible', timeout: 5000 });
    assert(/На початковий екран|Add to Home Screen/.test(await ip.textContent('#fr-ios')), `${vp.name}: the iPhone instruction does not say "Add to Home Screen"`);
    assert(!await ip.isVisible('#fr-notify'), `${vp.name}: the iPhone outside the app is offered notifications it cannot get`);
    await ip.click('.lang-switch button[data-lang="' + (en ? 'uk' : 'en') + '"]');
    assert(en ? /початковий екран/.test(await ip.textContent('#fr-ios')) : /Home Screen/.test(await ip.textContent('#fr-ios')),
      `${vp.name}: the first-run panel does not follow the language switch`);
    await axe(ip, `first-run panel on an iPhone ${vp.name}`);
    await ip.focus('#fr-sound');
    await ip.keyboard.press('Escape');
    await ip.waitForSelector('#first-run', { state: 'detached', timeout: 3000 });
    await ios.close();

    // ---------- during an alert ----------
    log(`install: during an alert at ${vp.name}: title, icon, wake lock, vibration; undone on the all-clear`);
    const actx = await context(vp, { init: () => localStorage.setItem('tryvoha.drills', 'on') });
    const a = await open(actx, `/resident?lat=${KHARKIV.lat}&lon=${KHARKIV.lon}`, vp);
    await a.waitForSelector('#conn[data-status="live"]', { timeout: 8000 });
    const calm = await a.title();
    assert(calm === CALM_TITLE, `${vp.name}: the calm title is "${calm}"`);
    assert((await favicon(a)).endsWith('/favicon-32.png'), `${vp.name}: the calm favicon is ${await favicon(a)}`);
    const alert = await raise('drone');
    await a.waitForSelector('#alert-screen', { state: 'visible', timeout: 5000 });
    const where = (await a.textContent('#alert-where')).trim();
    const title = `🔴 ${en ? 'ALERT' : 'ТРИВОГА'} — ${where}`;
    await until(a, (t) => document.title === t, title, async () => `${vp.name}: the title during the alert is "${await a.title()}", not "${title}"`);
    assert((await favicon(a)).endsWith('/favicon-alert-32.png'), `${vp.name}: the favicon during the alert is ${await favicon(a)}`);
    let r = await rec(a);
    assert(r.wake.length === 1 && r.wake[0] === 'screen', `${vp.name}: the screen wake lock was not asked for once: ${JSON.stringify(r.wake)}`);
    assert(r.vibrate.length === 1 && Array.isArray(r.vibrate[0]) && r.vibrate[0].length > 2, `${vp.name}: no vibration pattern for the alert: ${JSON.stringify(r.vibrate)}`);
    await axe(a, `alert with title and icon ${vp.name}`);
    // the browser drops the lock when the page is hidden; back in front, the page asks again
    await a.evaluate(() => { window.__install.sentinels[0].drop(); document.dispatchEvent(new Event('visibilitychange')); });
    await until(a, () => window.__install.wake.length === 2, null, `${vp.name}: the wake lock was not asked for again after the browser dropped it`);
    await cancel(alert);
    await a.waitForSelector('#clear-screen', { state: 'visible', timeout: 5000 });
    await until(a, (t) => document.title === t, calm, async () => `${vp.name}: the title after the all-clear is "${await a.title()}"`);
    assert((await favicon(a)).endsWith('/favicon-32.png'), `${vp.name}: the favicon after the all-clear is ${await favicon(a)}`);
    r = await rec(a);
    assert(r.released === 1, `${vp.name}: the wake lock was not released on the all-clear (${r.released})`);
    assert(r.vibrate.filter(Array.isArray).length === 1, `${vp.name}: the all-clear vibrated like an alert: ${JSON.stringify(r.vibrate)}`);
    await axe(a, `all-clear, title restored ${vp.name}`);
    await a.click('#clear-ok');

    // a drill: its own title, the calm icon, one short pulse
    const drill = await raise('air_raid', 'exercise');
    await a.waitForSelector('#alert-screen.drill', { state: 'visible', timeout: 5000 });
    const drillTitle = `${en ? 'DRILL' : 'НАВЧАННЯ'} — ${(await a.textContent('#alert-where')).trim()}`;
    await until(a, (t) => document.title === t, drillTitle, async () => `${vp.name}: the drill's title is "${await a.title()}", not "${drillTitle}"`);
    assert((await favicon(a)).endsWith('/favicon-32.png'), `${vp.name}: a drill wears the alert favicon`);
    r = await rec(a);
    const last = r.vibrate.filter(Array.isArray).at(-1);
    assert(r.vibrate.filter(Array.isArray).length === 2 && last.length === 1 && last[0] <= 200, `${vp.name}: a drill vibrated more than a short pulse: ${JSON.stringify(r.vibrate)}`);
    await cancel(drill);
    await a.waitForSelector('#clear-screen', { state: 'visible', timeout: 5000 });
    await until(a, (t) => document.title === t, calm, async () => `${vp.name}: the title after the drill is "${await a.title()}"`);
    await actx.close();
  }
  if (problems.length) throw new Check(`install: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
}

await runAlone(import.meta.url, async (browser, [base, key]) => {
  await install({ browser, base, key });
  console.log('install: all checks passed');
});
