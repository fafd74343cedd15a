// Browser checks that the resident and statistics pages are light and answer at first sight, at phone
// (360×740, 390×844) and desktop (1366×768) sizes, with axe-core on every page state (no serious or
// critical violation allowed):
//   2. places by the names people type (Odessa, Кривий Ріг…), cities first; several places followed,
//      each with its own state
//   5. the resident page with a place: ≤ 500 KB transferred cold, under Slow 4G throttling; the alert
//      in force is on screen before Leaflet or any geometry is even asked for; nothing country-wide
//      (the zone list, country GeoJSON) is loaded. The time it takes is measured and logged, not asserted.
//   8. the statistics page opens on the visitor's place, says where the record ends and ends its
//      period there, labels months, has colour scales, and fits a 360 px screen
// Called by browser.mjs (light({ browser, base, key })); runs alone as
//   node light.mjs <baseUrl> <adminKey>
import { Check, apiClient, assert, axeFindings, runAlone } from './common.mjs';

const VIEWPORTS = [
  { name: '360x740', width: 360, height: 740, mobile: true, locale: 'uk-UA' },
  { name: '390x844', width: 390, height: 844, mobile: true, locale: 'en-GB' },
  { name: '1366x768', width: 1366, height: 768, mobile: false, locale: 'uk-UA' },
];
/** Chromium DevTools "Slow 4G": 400 ms added to each request, 400 kbit/s down, 400 kbit/s up. */
export const SLOW_4G = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };
export const BUDGET_BYTES = 500_000;
const ODESA = 'UA51100270000073549', KYIV = 'UA80000000000093317';
const MSG = { uk: 'Тривога', en: 'Alert' };


export async function light({ browser, base, key, log = (s) => console.log(`- ${s}`) }) {
  const problems = [];
  const api = apiClient(base, key);
  const raise = (type, zones) => api('POST', '/api/v1/alerts', { type, status: 'actual', zones, message: MSG }).then((r) => r.alert);
  const cancel = (a) => api('POST', `/api/v1/alerts/${a.id}/cancel`);

  async function context(vp, init) {
    const ctx = await browser.newContext({ viewport: { width: vp.width, height: vp.height }, locale: vp.locale, isMobile: vp.mobile, hasTouch: vp.mobile });
    if (init) await ctx.addInitScript(init);
    return ctx;
  }
  async function open(ctx, path, vp, ready = true) {
    const p = await ctx.newPage();
    p.on('pageerror', (e) => problems.push(`${path} ${vp.name}: ${e.message}`));
    p.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(`${path} ${vp.name}: ${m.text()}`); });
    await p.goto(base + path);
    if (ready) await p.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
    return p;
  }
  async function axe(p, state) {
    const found = await axeFindings(p);
    if (found.length) problems.push(`axe, ${state}: ${found.join('; ')}`);
  }
  const overflow = (p) => p.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  const placeOf = async (zone, label, labelEn) => {
    const info = await (await fetch(`${base}/api/v1/places/${zone}`)).json();
    return { zone, label, label_en: labelEn, lat: info.point.lat, lon: info.point.lon, chain: info.chain.map((z) => z.id), inside: info.inside,
      shelter_seconds: info.zone.shelter_seconds };
  };

  // start calm: alerts left by earlier steps would cover the pages with their alert screen
  const { alerts: before } = await api('GET', '/api/v1/alerts?active=true');
  for (const a of before) await cancel(a);

  for (const vp of VIEWPORTS) {
    // ---------- 2. places by name, several places ----------
    log(`places by name and several places at ${vp.name}`);
    const ctx = await context(vp);
    const r = await open(ctx, '/resident', vp);
    await axe(r, `resident, no place ${vp.name}`);
    const search = async (q) => {
      await r.fill('#q', q);
      await r.click('#search-form button[type="submit"]');
      await r.waitForSelector('#results li button', { timeout: 5000 });
      return r.textContent('#results li:first-child button');
    };
    for (const [q, want] of [['Одеса', /Одеса|Odesa/], ['Кривий Ріг', /Кривий Ріг|Kryvyi Rih/], ['Odessa', /Одеса|Odesa/], ['Kiev', /Київ|Kyiv/]]) {
      const first = await search(q);
      assert(want.test(first), `${vp.name}: searching "${q}" first answers "${first}"`);
    }
    await search('Odessa');
    await r.click('#results li:first-child button');
    await r.waitForFunction(() => /Одеса|Odesa/.test(document.getElementById('place').textContent), null, { timeout: 5000 });
    await search('Kiev');
    await r.click('#results li:first-child button');
    await r.waitForSelector('#places li:nth-child(2)', { timeout: 5000 });
    assert(await r.locator('#places li').count() === 2, `${vp.name}: two places are not both listed`);
    assert(/Київ|Kyiv/.test(await r.textContent('#place')), `${vp.name}: the newly added Kyiv is not the main place`);
    const kyivAlert = await raise('air_raid', [KYIV]);
    await r.waitForSelector('#places li:nth-child(1)[data-state="alert"]', { timeout: 5000 });
    assert(await r.getAttribute('#places li:nth-child(2)', 'data-state') === 'calm', `${vp.name}: Odesa shows Kyiv's alert`);
    await r.waitForSelector('#alert-screen', { state: 'visible', timeout: 5000 });
    assert(/Київ|Kyiv/.test(await r.textContent('#alert-where')), `${vp.name}: the alert screen does not name Kyiv`);
    await axe(r, `resident alert with two places ${vp.name}`);
    await r.click('#silence');
    await cancel(kyivAlert);
    await r.waitForSelector('#alert-screen', { state: 'hidden', timeout: 5000 });
    await r.waitForSelector('#places li:nth-child(1)[data-state="calm"]', { timeout: 5000 });
    if (await r.isVisible('#clear-ok')) await r.click('#clear-ok');
    await axe(r, `resident two places calm ${vp.name}`);
    assert(await overflow(r) <= 0, `${vp.name}: the resident page overflows by ${await overflow(r)} px`);
    // the place chosen here is the statistics page's place too (shared localStorage)
    const stats = await open(ctx, '/stats', vp);
    assert(/Київ|Kyiv/.test(await stats.textContent('#zone-name')), `${vp.name}: the stats page did not open on the resident's place`);
    await ctx.close();

    // ---------- 5. light page, alert before the heavy layers ----------
    log(`resident page with a place, cold, under Slow 4G at ${vp.name}`);
    const odesa = await placeOf(ODESA, 'Одеса', 'Odesa');
    const alert = await raise('air_raid', ['UA51000000000030770']); // Odesa oblast: in force before the page opens
    const cold = await context(vp, `localStorage.setItem('tryvoha.places', ${JSON.stringify(JSON.stringify([odesa]))})`);
    const page = await cold.newPage();
    page.on('pageerror', (e) => problems.push(`/resident cold ${vp.name}: ${e.message}`));
    const cdp = await cold.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    const bytes = new Map(), urls = new Map();
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.dataReceived', (e) => bytes.set(e.requestId, (bytes.get(e.requestId) || 0) + e.encodedDataLength));
    cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, Math.max(e.encodedDataLength, bytes.get(e.requestId) || 0)));
    await page.goto(`${base}/resident`);
    await page.waitForSelector('#alert-screen', { state: 'visible', timeout: 30000 });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
    await page.waitForSelector('#minimap path.zone', { state: 'attached', timeout: 30000 });
    await page.waitForTimeout(500);
    const total = [...bytes.values()].reduce((a, b) => a + b, 0);
    const timing = await page.evaluate(() => {
      const leaflet = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/vendor/leaflet/leaflet.js'));
      const area = performance.getEntriesByType('resource').find((e) => e.name.includes('/area'));
      return { alert: Number(document.body.dataset.firstAlert), leaflet: leaflet?.startTime, area: area?.startTime };
    });
    const list = [...urls.values()];
    log(`measured: ${vp.name} Slow 4G cold: ${total} bytes transferred in ${urls.size} requests; alert in force on screen at ${Math.round(timing.alert)} ms`);
    assert(total <= BUDGET_BYTES, `${vp.name}: the resident page transferred ${total} bytes cold (budget ${BUDGET_BYTES}): ${list.join(' ')}`);
    assert(timing.alert > 0, `${vp.name}: the alert in force was not shown from the stream's first state (first.js)`);
    assert(timing.leaflet > timing.alert && timing.area > timing.alert,
      `${vp.name}: a heavy layer was asked for before the alert showed: ${JSON.stringify(timing)}`);
    assert(!list.some((u) => /\/api\/v1\/zones(\?|$)|\/zones\/geojson/.test(u)), `${vp.name}: the resident page loaded country-wide data: ${list.join(' ')}`);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await axe(page, `resident cold with alert ${vp.name}`);
    await cancel(alert);
    await cold.close();

    // ---------- 8. statistics at first sight ----------
    log(`statistics page at ${vp.name}`);
    const sctx = await context(vp, `localStorage.setItem('tryvoha.place', ${JSON.stringify(JSON.stringify(odesa))})`);
    const sp = await open(sctx, '/stats', vp);
    assert(/Одес|Odes/.test(await sp.textContent('#zone-name')), `${vp.name}: stats did not open on the saved place: ${await sp.textContent('#zone-name')}`);
    const endText = await sp.textContent('#record-end');
    const to = await sp.inputValue('#to');
    assert(to && endText.includes(to), `${vp.name}: the period does not end where the record ends ("${endText}", to ${to})`);
    assert(await sp.locator('#calendar-months span').count() >= 12, `${vp.name}: the calendar's months are not labelled`);
    assert(await sp.locator('#calendar-scale .scale-bar span').count() > 3 && await sp.locator('#grid-scale .scale-bar span').count() > 3,
      `${vp.name}: a heat map has no colour scale`);
    assert(await overflow(sp) <= 0, `${vp.name}: the stats page overflows by ${await overflow(sp)} px`);
    await axe(sp, `stats on the place ${vp.name}`);
    await sctx.close();
    const octx = await context(vp);
    const all = await open(octx, '/stats', vp);
    assert(/Усі області|All oblasts/.test(await all.textContent('#zone-name')), `${vp.name}: with no place, stats do not open on the all-oblast view`);
    assert(await all.locator('#ranking tbody tr').count() >= 20, `${vp.name}: the all-oblast view does not rank the oblasts`);
    assert(await overflow(all) <= 0, `${vp.name}: the all-oblast stats page overflows by ${await overflow(all)} px`);
    await axe(all, `stats all oblasts ${vp.name}`);
    await octx.close();
  }
  if (problems.length) throw new Check(`light: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
}

await runAlone(import.meta.url, async (browser, [base, key]) => {
  await light({ browser, base, key });
  console.log('light: all checks passed');
});
