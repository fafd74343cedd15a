// Browser checks of the siren fleet page (/sirens), called from browser.mjs:
// it asks for an operator key before it shows anything, shows one language at a time, names zones
// (not ids), says "5 хв тому" / "5 min ago", lists failed sirens first, fits a 360×740 phone without
// horizontal overflow, and has no serious or critical axe violations at 360×740 and 1366×768.
import { axeFindings } from './common.mjs';

const PHONE = { width: 360, height: 740 }, LAPTOP = { width: 1366, height: 768 };
const CITY_UK = 'Харківська міська територіальна громада';

/** A fleet as the API answers it, in registry order (ok first): the page must put failed first. */
function fixture() {
  const now = '2026-12-07T12:00:00Z';
  let lon = 36.2;
  const row = (id, health, lastSeen, extra = {}) => ({
    id, name: id, zone: 'UA63120270000028556', zone_name_uk: CITY_UK, zone_name_en: 'Kharkivska miska hromada',
    lat: 49.99, lon: (lon += 0.01), health, online: health !== 'silent', last_seen: lastSeen, command: null, acked_at: null, ...extra,
  });
  const cmd = { id: 'c1', action: 'activate', alert: 'a1', exercise: false, at: '2026-12-07T11:59:00Z', seq: 7 };
  return {
    now, ack_seconds: 10, silent_seconds: 90, counts: { ok: 1, late: 1, silent: 1, failed: 1 },
    mqtt: { enabled: true, connected: true, broker: 'mqtt://127.0.0.1:1883', topic_prefix: 'tryvoha' },
    sirens: [
      row('fx-ok', 'ok', '2026-12-07T11:55:00Z'),
      row('fx-late', 'late', '2026-12-07T11:59:30Z', { command: cmd, acked_at: '2026-12-07T11:59:30Z' }),
      row('fx-silent', 'silent', '2026-12-07T09:00:00Z'),
      row('fx-failed', 'failed', '2026-12-07T11:59:50Z', { command: cmd }),
    ],
  };
}

export async function sirensPage({ browser, base, key, shots, log, errors }) {
  async function open(viewport, opts = {}) {
    const ctx = await browser.newContext({ viewport, locale: opts.locale || 'uk-UA', isMobile: !!opts.mobile, hasTouch: !!opts.mobile, bypassCSP: !!opts.axe });
    const p = await ctx.newPage();
    p.on('pageerror', (e) => errors.push(`/sirens: ${e.message}`));
    p.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(`/sirens: ${m.text()}`); });
    p.on('request', (r) => { if (!r.url().startsWith(base)) errors.push(`/sirens: request outside the server: ${r.url()}`); });
    if (opts.fixture) await p.route('**/api/v1/sirens', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(fixture()) }));
    await p.goto(`${base}/sirens`);
    await p.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
    return p;
  }
  async function login(p, k = key) {
    await p.fill('#key', k);
    await p.click('#login-form button[type="submit"]');
  }
  async function noOverflow(p, what) {
    const [scroll, client] = await p.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    if (scroll > client) throw new Error(`${what}: the page is ${scroll} px wide in a ${client} px window (horizontal overflow)`);
  }
  async function axe(p, what) {
    const bad = await axeFindings(p);
    if (bad.length) throw new Error(`${what}: axe found ${bad.length} serious/critical violations: ${bad.join('; ')}`);
  }
  const rowsText = (p) => p.$$eval('#fleet tbody tr', (trs) => trs.map((tr) => ({ id: tr.dataset.id, health: tr.dataset.health, text: tr.textContent })));

  log('the sirens page asks for an operator key and shows nothing without one');
  const anon = await open(LAPTOP);
  if (!(await anon.isVisible('#login')) || await anon.isVisible('#fleet-view')) throw new Error('the sirens page shows the fleet without a key');
  const open401 = await anon.evaluate(async () => (await fetch('/api/v1/sirens')).status);
  if (open401 !== 401) throw new Error(`GET /api/v1/sirens without a key answered ${open401}, not 401`);
  await login(anon, 'tvo_nobody_wrong');
  await anon.waitForSelector('#login-error .problem', { state: 'visible', timeout: 5000 });
  if (await anon.locator('#fleet tbody tr').count() !== 0) throw new Error('a refused key still shows sirens');

  log('with a key: the real fleet, zone names (not ids), "never" heard, one language at a time');
  await login(anon);
  await anon.waitForSelector('[data-siren="bt-1"]', { state: 'visible', timeout: 5000 });
  if (await anon.getAttribute('[data-siren="bt-1"]', 'data-health') !== 'silent') throw new Error('a siren never heard from is not silent');
  if (await anon.getAttribute('[data-siren="bt-1"]', 'fill') !== '#616161') throw new Error('a silent siren is not drawn grey');
  if (await anon.locator('[data-siren]').count() !== 1) throw new Error('a siren without a location was drawn on the map');
  let rows = await rowsText(anon);
  if (rows.length !== 2) throw new Error('the table does not list both sirens');
  if (!rows.every((r) => r.text.includes(CITY_UK))) throw new Error(`the zone is not named: ${rows[0].text}`);
  if (rows.some((r) => /UA\d{6}/.test(r.text))) throw new Error(`a zone id shows instead of its name: ${rows[0].text}`);
  if (!rows.every((r) => r.text.includes('ніколи'))) throw new Error(`"never heard" is not said in Ukrainian: ${rows[0].text}`);
  if (/[A-Za-z]{4,}/.test(await anon.textContent('#fleet thead'))) throw new Error('English column names on the Ukrainian page');
  await anon.click('.lang-switch button[data-lang="en"]');
  if (await anon.getAttribute('html', 'lang') !== 'en') throw new Error('html lang is not en after the switch');
  if (!/^\s*Sirens\s*$/.test(await anon.textContent('h1 [data-s="title"]'))) throw new Error('the title is not in English');
  rows = await rowsText(anon);
  if (!rows.every((r) => r.text.includes('Kharkivska') && r.text.includes('never'))) throw new Error(`not in English: ${rows[0].text}`);
  // every text a person can see (a tooltip Leaflet has faded out to opacity 0 is not seen)
  const left = await anon.evaluate(() => {
    const w = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
    const out = [];
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      const el = n.parentElement;
      if (/[А-Яа-яІіЇїЄєҐґ]/.test(n.textContent) && el.checkVisibility({ opacityProperty: true, visibilityProperty: true }))
        out.push(el.outerHTML.slice(0, 160));
    }
    return out;
  });
  if (left.length) throw new Error(`Ukrainian text left on the English page: ${left.join(' || ').slice(0, 400)}`);
  await anon.click('.lang-switch button[data-lang="uk"]');
  await anon.screenshot({ path: `${shots}/sirens-map.png` });
  await anon.context().close();

  for (const [viewport, name, mobile] of [[PHONE, 'phone', true], [LAPTOP, 'laptop', false]]) {
    log(`the sirens page at ${viewport.width}×${viewport.height}: failed first, relative times, no overflow, axe`);
    const p = await open(viewport, { fixture: true, axe: true, mobile });
    await login(p);
    await p.waitForSelector('#fleet tbody tr[data-id="fx-failed"]', { timeout: 5000 });
    rows = await rowsText(p);
    const order = rows.map((r) => r.health).join(',');
    if (order !== 'failed,silent,late,ok') throw new Error(`the fleet is not listed worst first: ${order}`);
    if (await p.getAttribute('[data-siren="fx-failed"]', 'fill') !== '#c62828') throw new Error('a failed siren is not drawn red');
    const ok = rows.find((r) => r.id === 'fx-ok').text, silent = rows.find((r) => r.id === 'fx-silent').text;
    if (!ok.includes('5 хв тому')) throw new Error(`no "5 хв тому" for a siren heard 5 minutes ago: ${ok}`);
    if (!silent.includes('3 год тому')) throw new Error(`no "3 год тому" for a siren heard 3 hours ago: ${silent}`);
    await noOverflow(p, `${name}, Ukrainian`);
    await axe(p, `${name}, Ukrainian`);
    await p.screenshot({ path: `${shots}/sirens-${name}.png`, fullPage: true });
    await p.click('.lang-switch button[data-lang="en"]');
    rows = await rowsText(p);
    if (!rows.find((r) => r.id === 'fx-ok').text.includes('5 min ago')) throw new Error('no "5 min ago" in English');
    await noOverflow(p, `${name}, English`);
    await axe(p, `${name}, English`);
    await p.click('.lang-switch button[data-lang="uk"]');
    await p.context().close();
  }
}
