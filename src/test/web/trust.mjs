// Browser checks that the pages tell residents and operators the truth, at phone (360×740, 390×844)
// and desktop (1366×768) sizes, with axe-core run on every page state (no serious or critical
// violation allowed). Geometry, not screenshots: what must stay on screen is measured.
//   1. the alert screen on a phone: type, place and drill banner stay in view; after the time to
//      shelter, how long the alert has lasted and "stay in the shelter", fitting the screen
//   3. the public map: no drills unless asked for; a real alert outranks an early warning; hromada
//      alerts at country zoom; Kyiv at hromada zoom; the permanent alerts as the statistics have them
//   4. signatures: keys that cannot be fetched are "could not check", retried, and cleared; only a
//      wrong signature is "forged"; no notice covers the alert's title
//   6. the console: the all-clear is confirmed; focus stays in the dialog; a stale feed greys the
//      map and blocks sending; server messages translated; a held alert looks "not sent"
// Called by browser.mjs (trust({ browser, base, key, server })); runs alone as
//   node trust.mjs <baseUrl> <adminKey> <serverPid>   (pid: to pause the server with SIGSTOP)
import { Check, apiClient, assert, axeFindings, runAlone } from './common.mjs';

export const VIEWPORTS = [
  { name: '360x740', width: 360, height: 740, mobile: true, locale: 'uk-UA' },
  { name: '390x844', width: 390, height: 844, mobile: true, locale: 'en-GB' },
  { name: '1366x768', width: 1366, height: 768, mobile: false, locale: 'uk-UA' },
];
const KHARKIV = { lat: 49.9935, lon: 36.2304 };
const KYIV = { lat: 50.4501, lon: 30.5234 }; // the bundled shelters are in Kyiv: the alert screen lists three, and is taller than a phone
const Z = {
  kharkivOblast: 'UA63000000000041885', poltavaOblast: 'UA53000000000028050', sumyOblast: 'UA59000000000057109',
  bilopilska: 'UA59080030000075526', kyiv: 'UA80000000000093317', luhansk: 'UA44000000000018893', crimea: 'UA01000000000013043',
};
const RED = '#c62828', DRONE = '#e65100';
const MSG = { uk: 'Тривога', en: 'Alert' };


export async function trust({ browser, base, key, server, log = (s) => console.log(`- ${s}`), only = process.env.TRUST_ONLY }) {
  const run = (part) => !only || only.split(',').includes(part); // TRUST_ONLY=screen,signature,map,console
  const problems = []; // axe findings and page errors, reported together at the end
  const states = [];

  const api = apiClient(base, key);
  const raised = []; // cancelled at the end, whatever happened, so a failed run leaves no alert behind
  const raise = (type, zones, status = 'actual') => api('POST', '/api/v1/alerts', { type, status, zones, message: MSG })
    .then((r) => { raised.push(r.alert); return r.alert; });
  const cancel = (a) => api('POST', `/api/v1/alerts/${a.id}/cancel`);

  async function open(path, vp, { clock = false, init } = {}) {
    const ctx = await browser.newContext({ viewport: { width: vp.width, height: vp.height }, locale: vp.locale, isMobile: vp.mobile, hasTouch: vp.mobile });
    if (clock) await ctx.clock.install();
    if (init) await ctx.addInitScript(init);
    const p = await ctx.newPage();
    p.on('pageerror', (e) => problems.push(`${path} ${vp.name}: ${e.message}`));
    p.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(`${path} ${vp.name}: ${m.text()}`); });
    await p.goto(base + path);
    await p.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
    return p;
  }
  const visible = (p, sel, timeout = 3000) => p.waitForSelector(sel, { state: 'visible', timeout });
  const hidden = (p, sel, timeout = 3000) => p.waitForSelector(sel, { state: 'hidden', timeout });
  const attached = (p, sel, timeout = 5000) => p.waitForSelector(sel, { state: 'attached', timeout });

  /** Runs axe on the page as it is now; serious and critical violations are collected. */
  async function axe(p, state) {
    const found = await axeFindings(p);
    states.push(state);
    if (found.length) problems.push(`axe, ${state}: ${found.join('; ')}`);
  }

  const box = (p, sel) => p.$eval(sel, (el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, left: r.left, bottom: r.bottom, right: r.right, width: r.width, height: r.height, vw: innerWidth, vh: innerHeight };
  });
  /** Each element is wholly inside the viewport, and nothing covers its middle. */
  async function inView(p, sels, what) {
    for (const sel of sels) {
      const b = await box(p, sel);
      assert(b.width > 0 && b.height > 0 && b.top >= 0 && b.left >= 0 && b.bottom <= b.vh + 0.5 && b.right <= b.vw + 0.5,
        `${what}: ${sel} is not wholly on the screen: ${JSON.stringify(b)}`);
      const top = await p.$eval(sel, (el) => {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 20), r.top + r.height / 2);
        return !hit || el.contains(hit) || hit.contains(el) ? null : `${hit.tagName}#${hit.id}.${hit.className}`;
      });
      assert(!top, `${what}: ${sel} is covered by ${top}`);
    }
  }
  const pathAttr = (p, zone, attr) => p.getAttribute(`path[data-zone="${zone}"]:not(.zone-overlay)`, attr);

  try {
    // ---------- 1. the alert screen ----------
    for (const vp of run('screen') ? VIEWPORTS : []) {
      log(`alert screen at ${vp.name}: type, place and drill banner stay in view; elapsed time fits`);
      const r = await open(`/resident?lat=${KYIV.lat}&lon=${KYIV.lon}`, vp, { clock: true, init: () => localStorage.setItem('tryvoha.drills', 'on') });
      await visible(r, '#conn[data-status="live"]', 8000);
      await visible(r, '#calm', 10000);
      await axe(r, `resident calm ${vp.name}`);
      const a = await raise('air_raid', [Z.kyiv]);
      await visible(r, '#alert-screen', 10000);
      await attached(r, '#shelters li:nth-child(3)');
      await r.waitForTimeout(300); // the focus moves once the screen is drawn
      await inView(r, ['#alert-title', '#alert-where'], `alert arrived at ${vp.name}`);
      assert(await r.evaluate(() => document.activeElement?.id) === 'silence', 'focus is not on the silence button');
      assert(await r.evaluate(() => window.scrollY === 0), 'the page scrolled');
      await r.evaluate(() => { const b = document.querySelector('#alert-screen .screen-body') || document.getElementById('alert-screen'); b.scrollTop = b.scrollHeight; });
      await inView(r, ['#alert-title', '#alert-where', '#alert-screen .lang-switch'], `alert screen scrolled to its end at ${vp.name}`);
      await r.keyboard.press('Tab');
      assert(await r.evaluate(() => document.getElementById('alert-screen').contains(document.activeElement)), 'Tab left the alert screen');
      await axe(r, `resident alert ${vp.name}`);
      const other = vp.locale.startsWith('en') ? 'uk' : 'en';
      await r.click(`#alert-screen .lang-switch button[data-lang="${other}"]`);
      assert((other === 'en' ? /Air raid/ : /Повітряна/).test(await r.textContent('#alert-title')), 'the language switch on the alert screen did not work');
      await r.click(`#alert-screen .lang-switch button[data-lang="${other === 'en' ? 'uk' : 'en'}"]`);

      await r.clock.fastForward('02:00'); // past the 90 s time to shelter
      await attached(r, '#countdown[data-phase="elapsed"]', 5000);
      await visible(r, '#stay');
      await visible(r, '#conn[data-status="live"]', 10000); // the jump in time made the feed look stale for a moment
      const lasted = (await r.textContent('#countdown')).trim();
      const secs = /^\d+:\d\d$/.test(lasted) ? Number(lasted.split(':')[0]) * 60 + Number(lasted.split(':')[1]) : -1;
      assert(secs >= 120 && secs < 600, `the elapsed time is not how long the alert has lasted: ${lasted}`);
      assert(/укритті|shelter/.test(await r.textContent('#stay')), 'no "stay in the shelter"');
      assert(!/Час вийшов|Time is up/.test(await r.textContent('#alert-screen')), 'still says the time is up');
      for (const sel of ['#countdown', '#stay', '#countdown-label']) {
        const fit = await r.$eval(sel, (el) => ({ over: el.scrollWidth - el.clientWidth, size: parseFloat(getComputedStyle(el).fontSize) }));
        assert(fit.over <= 0 && fit.size <= 48, `${sel} does not fit at ${vp.name}: ${JSON.stringify(fit)}`);
      }
      await r.evaluate(() => { (document.querySelector('#alert-screen .screen-body') || document.getElementById('alert-screen')).scrollTop = 0; });
      await inView(r, ['#alert-title', '#alert-where', '#countdown', '#stay'], `elapsed at ${vp.name}`);
      await axe(r, `resident elapsed ${vp.name}`);
      await cancel(a);
      await visible(r, '#clear-screen', 10000);
      await inView(r, ['#clear-title', '#clear-where'], `all-clear at ${vp.name}`);
      await axe(r, `resident all-clear ${vp.name}`);
      await r.click('#clear-ok');

      const d = await raise('air_raid', [Z.kyiv], 'exercise');
      await visible(r, '#drill-banner', 10000);
      await inView(r, ['#drill-banner', '#alert-title', '#alert-where'], `drill at ${vp.name}`);
      await axe(r, `resident drill ${vp.name}`);
      await cancel(d);
      await visible(r, '#clear-screen', 10000);
      await r.context().close();
    }

    // ---------- 4. signatures ----------
    for (const vp of run('signature') ? VIEWPORTS : []) {
      log(`signature at ${vp.name}: keys unreachable → "could not check", retried, cleared; a changed event → "forged"`);
      const r = await open(`/resident?lat=${KHARKIV.lat}&lon=${KHARKIV.lon}`, vp);
      await visible(r, '#conn[data-status="live"]', 8000);
      const keys = '**/.well-known/tryvoha-keys.json';
      await r.route(keys, (rt) => rt.abort());
      const a = await raise('drone', [Z.kharkivOblast]);
      await visible(r, '#alert-screen', 10000);
      await attached(r, 'body[data-signature="unchecked"]');
      const text = await r.textContent('#signature-banner');
      assert(/Не вдалося перевірити підпис|Could not check the signature/.test(text) && !/forged|підроб/.test(text), `key failure banner: ${text}`);
      await inView(r, ['#alert-title', '#alert-where', '#signature-banner'], `unchecked signature at ${vp.name}`);
      await axe(r, `resident signature unchecked ${vp.name}`);
      await r.unroute(keys);
      await attached(r, 'body[data-signature="valid"]', 10000); // the retry, with the keys back
      await hidden(r, '#signature-banner');
      await r.evaluate(async () => {
        const { watch } = await import('/web/js/signed.js');
        const { events } = await (await fetch('/api/v1/events?limit=1')).json();
        events[0].alert.message = { uk: 'Відбій', en: 'All clear' }; // a relay changed the text
        await watch(events[0]);
      });
      await attached(r, 'body[data-signature="invalid"]');
      assert(/forged|підробити/.test(await r.textContent('#signature-banner')), 'a wrong signature is not called forged');
      await inView(r, ['#alert-title', '#alert-where', '#signature-banner'], `forged signature at ${vp.name}`);
      await axe(r, `resident signature forged ${vp.name}`);
      await cancel(a);
      await r.context().close();
    }

    // ---------- 3. the public map ----------
    const setup = !run('map') ? [] : [
      await raise('early_warning', [Z.sumyOblast]), await raise('drone', [Z.bilopilska]),
      await raise('air_raid', [Z.poltavaOblast], 'exercise'), await raise('air_raid', [Z.kyiv]),
    ];
    for (const vp of run('map') ? VIEWPORTS : []) {
      log(`map at ${vp.name}: permanent alerts, no drills unless asked, real over early, hromada at country zoom, Kyiv zoomed in`);
      const m = await open('/', vp);
      await visible(m, '#conn[data-status="live"]', 8000);
      await attached(m, `#active li[data-permanent="true"]`);
      for (const z of [Z.luhansk, Z.crimea]) {
        await attached(m, `path[data-zone="${z}"].zone-active`);
        assert(await pathAttr(m, z, 'fill') === RED, `permanent alert on ${z} not painted as an alert`);
      }
      assert(await m.locator('#active li[data-permanent="true"]').count() === 2, 'the list does not show the two permanent alerts');
      for (const z of [Z.luhansk, Z.crimea]) { // the same truth as the statistics
        const day = new Date(Date.now() - 86_400_000).toISOString();
        const share = (await (await fetch(`${base}/api/v1/stats/summary?zone=${z}&from=${encodeURIComponent(day)}`)).json()).share;
        assert(share === 1, `the statistics do not count ${z} as under alert all the last day: ${share}`);
      }
      await attached(m, `#active li[data-alert-id="${setup[3].id}"]`);
      assert(/zone-calm/.test(await pathAttr(m, Z.poltavaOblast, 'class')), 'a drill is on the public map without asking');
      assert(await m.locator('#active li[data-status="exercise"]').count() === 0, 'a drill is in the public list without asking');
      assert(/zone-partly/.test(await pathAttr(m, Z.sumyOblast, 'class')) && await pathAttr(m, Z.sumyOblast, 'fill') === DRONE,
        'the early warning over Sumy oblast hides the real drone alert in one of its hromadas');
      const spot = await box(m, `path.zone-overlay[data-zone="${Z.bilopilska}"]`);
      const mapBox = await box(m, '#map');
      assert(spot.width >= 3 && spot.height >= 3 && spot.left >= mapBox.left && spot.right <= mapBox.right && spot.top >= mapBox.top
        && spot.bottom <= mapBox.bottom, `the hromada alert is not visible at country zoom: ${JSON.stringify(spot)}`);
      await axe(m, `map ${vp.name}`);
      await m.check('#map-drills');
      await attached(m, `path[data-zone="${Z.poltavaOblast}"].zone-drill`);
      assert(await pathAttr(m, Z.poltavaOblast, 'fill') === '#ffffff', 'a drill is painted in an alert colour');
      await attached(m, '#active li[data-status="exercise"]');
      await axe(m, `map with drills ${vp.name}`);
      await m.uncheck('#map-drills');
      await m.click(`#active li[data-alert-id="${setup[3].id}"]`); // zooms to Kyiv: the hromada level
      await attached(m, '#map[data-level="hromada"]');
      await attached(m, `path[data-zone="${Z.kyiv}"].zone-active`);
      const kyiv = await box(m, `path[data-zone="${Z.kyiv}"]`);
      const mb = await box(m, '#map');
      assert(kyiv.width > 10 && kyiv.right > mb.left && kyiv.left < mb.right && kyiv.bottom > mb.top && kyiv.top < mb.bottom,
        `Kyiv is not drawn at hromada zoom: ${JSON.stringify(kyiv)}`);
      await axe(m, `map at hromada zoom ${vp.name}`);
      await m.context().close();
    }
    for (const a of setup) await cancel(a);

    // ---------- 6. the console ----------
    for (const vp of run('console') ? VIEWPORTS : []) {
      log(`console at ${vp.name}: translated refusal, confirmed all-clear, focus trap, held alert, track tooltip, stale feed`);
      const c = await open('/console', { ...vp, locale: 'uk-UA' });
      await axe(c, `console login ${vp.name}`);
      await c.fill('#key', 'tvk_not-a-real-key');
      await c.click('#login-form button[type=submit]');
      await visible(c, '#login-error .problem');
      const refusal = await c.textContent('#login-error');
      assert(/Ключ не прийнято/.test(refusal) && /недійсний або його відкликано/.test(refusal), `refusal not in Ukrainian: ${refusal}`);
      await axe(c, `console bad key ${vp.name}`);
      await c.fill('#key', key);
      await c.click('#login-form button[type=submit]');
      await visible(c, '#ops', 10000);
      await visible(c, '#conn[data-status="live"]', 8000);
      assert(!await c.isDisabled('#review'), 'sending is blocked with a live feed');
      await axe(c, `console live ${vp.name}`);

      const a = await raise('air_raid', [Z.kharkivOblast]);
      const cancelButton = `#active li[data-alert-id="${a.id}"] button.cancel`;
      await visible(c, cancelButton);
      await c.click(cancelButton);
      await visible(c, '#confirm');
      assert(/ВІДБІЙ/.test(await c.textContent('#confirm-kind')), 'the all-clear dialog does not say ВІДБІЙ');
      assert(/Повітряна тривога/.test(await c.textContent('#confirm-what')) && /Харківська область/.test(await c.textContent('#confirm-zones')),
        'the all-clear dialog does not name the type and zones');
      assert((await api('GET', `/api/v1/alerts/${a.id}`)).active !== false, 'the alert ended before the all-clear was confirmed');
      for (let i = 0; i < 6; i++) {
        await c.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
        assert(await c.evaluate(() => document.querySelector('#confirm .box').contains(document.activeElement)), 'focus left the dialog');
      }
      await axe(c, `console all-clear dialog ${vp.name}`);
      await c.keyboard.press('Escape');
      await hidden(c, '#confirm');
      assert(await c.evaluate((sel) => document.activeElement === document.querySelector(sel), cancelButton), 'focus did not return to the button');
      await c.click(cancelButton);
      await c.click('#confirm-send');
      await hidden(c, `#active li[data-alert-id="${a.id}"]`, 10000);

      await c.check(`#z-${Z.kharkivOblast}`);
      await c.check(`#z-${Z.poltavaOblast}`);
      await visible(c, '#preview-count[data-count="2"]');
      await c.click('#review');
      await visible(c, '#confirm');
      await c.click('#confirm-send');
      await visible(c, '#held', 10000);
      const held = await c.textContent('#held');
      assert(/НЕ НАДІСЛАНО/.test(held) && /охоплює 2 обл\./.test(held), `held note: ${held}`);
      const bg = await c.$eval('#held', (el) => getComputedStyle(el).backgroundColor);
      assert(bg !== 'rgb(232, 245, 233)', 'a held alert looks like a sent one');
      await axe(c, `console held ${vp.name}`);
      for (const h of (await api('GET', '/api/v1/approvals')).approvals) await api('POST', `/api/v1/approvals/${h.id}/reject`);
      await c.uncheck(`#z-${Z.kharkivOblast}`);
      await c.uncheck(`#z-${Z.poltavaOblast}`);

      await api('POST', '/api/v1/tracks', { reports: [{ track_id: `tr-${vp.name}`, class: 'drone', time: new Date().toISOString(),
        lat: 50.65, lon: 36.23, heading: 180, speed: 50, uncertainty_m: 300 }] });
      await attached(c, 'path.track-position');
      await c.hover('path.track-position', { force: true });
      const tip = await (await visible(c, '.leaflet-tooltip', 10000)).textContent();
      assert(/ударний БпЛА/.test(tip) && /попереджено зон/.test(tip), `track tooltip not in Ukrainian: ${tip}`);
      await api('POST', '/api/v1/tracks', { reports: [{ track_id: `tr-${vp.name}`, class: 'drone', time: new Date().toISOString(), end: 'destroyed' }] });

      await server('pause-server');
      try {
        await visible(c, '#conn[data-status="stale"]', 15000);
        assert(await c.isDisabled('#review'), 'sending is not blocked with a stale feed');
        assert(/Надсилання заблоковано/.test(await c.textContent('#send-blocked')), 'no reason why sending is blocked');
        await inView(c, ['#conn'], 'stale console');
        assert(/grayscale/.test(await c.$eval('#map', (el) => getComputedStyle(el).filter)), 'the map is not greyed with a stale feed');
        await axe(c, `console stale ${vp.name}`);
      } finally {
        await server('resume-server');
      }
      await visible(c, '#conn[data-status="live"]', 15000);
      assert(!await c.isDisabled('#review'), 'sending stays blocked after the feed is back');
      await c.context().close();
    }
  } catch (e) {
    if (problems.length) e.message += `\n  also:\n  ${problems.join('\n  ')}`;
    throw e;
  } finally {
    for (const a of raised) await api('POST', `/api/v1/alerts/${a.id}/cancel`).catch(() => {}); // already ended: 4xx
  }
  log(`axe ran on ${states.length} page states`);
  if (problems.length) throw new Error(`trust checks:\n  ${problems.join('\n  ')}`);
}

await runAlone(import.meta.url, async (browser, [base, key, pid]) => {
  const server = async (cmd) => process.kill(Number(pid), cmd === 'pause-server' ? 'SIGSTOP' : 'SIGCONT');
  await trust({ browser, base, key, server });
  console.log('trust checks passed');
});
