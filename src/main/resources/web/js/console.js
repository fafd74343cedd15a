// The operator console (/console): log in with a key, pick zones or draw an area, see exactly what
// the alert will cover, confirm REAL or EXERCISE, send; cancel or change alerts in force.
import { ActiveAlerts, Zones } from './alerts.js';
import { Problem, get, problemView, request } from './api.js';
import { TYPES, clock, count, langSwitch, t, typeName, zoneName } from './i18n.js';
import { Live, showStatus } from './live.js';
import { ZoneLayer, coverageStyle, createMap } from './zonemap.js';
import { threatLayer } from './threats.js';
import { heldNote } from './approvals.js';
import { closeModal, openModal } from './dialog.js';
import { deliveryPanel } from './pushreport.js';

const $ = (id) => document.getElementById(id);
const KEY = 'tryvoha.key';
const config = await get('/api/v1/web/config');
const zones = await Zones.load();
let key = sessionStorage.getItem(KEY);

// ----- login -----
async function login(k) {
  $('login-error').innerHTML = '';
  try {
    const me = await request('GET', '/api/v1/whoami', undefined, k);
    key = k;
    sessionStorage.setItem(KEY, k);
    $('who').textContent = `${t('loggedAs')}: ${me.name}${me.role ? ` · ${me.role}` : ''}`; // role
    $('who').hidden = $('logout').hidden = false;
    $('login').hidden = true;
    $('ops').hidden = false;
    start();
  } catch (e) {
    sessionStorage.removeItem(KEY);
    const v = problemView(e);
    v.querySelector('strong').textContent = `${t('badKey')}: ${v.querySelector('strong').textContent}`;
    $('login-error').append(v);
    $('key').focus();
  }
}
$('login-form').addEventListener('submit', (ev) => { ev.preventDefault(); login($('key').value.trim()); });
$('logout').addEventListener('click', () => { sessionStorage.removeItem(KEY); location.reload(); });

// ----- selection: zones from the tree or the map, and/or a drawn or uploaded area -----
const selected = new Set();
let area = null;          // GeoJSON geometry or null
let drawing = null;       // [latlng] while drawing
let preview = null;       // last resolve answer
let editing = null;       // alert being changed
let map, layer, drawLine, areaLayer, active;

function treeNode(z) {
  const li = document.createElement('li');
  const row = document.createElement('div');
  const hasKids = zones.children(z.id).length > 0;
  const tw = document.createElement('button');
  tw.type = 'button';
  tw.className = 'twisty';
  tw.textContent = hasKids ? '▸' : '';
  tw.disabled = !hasKids;
  tw.setAttribute('aria-expanded', 'false');
  tw.setAttribute('aria-label', zoneName(z));
  const cb = document.createElement('input');
  cb.type = 'checkbox';
  cb.id = `z-${z.id}`;
  cb.dataset.zone = z.id;
  cb.checked = selected.has(z.id);
  cb.addEventListener('change', () => { cb.checked ? selected.add(z.id) : selected.delete(z.id); changed(); });
  const lb = document.createElement('label');
  lb.htmlFor = cb.id;
  lb.textContent = zoneName(z);
  row.append(tw, cb, lb);
  li.append(row);
  tw.addEventListener('click', () => {
    let ul = li.querySelector('ul');
    if (ul) { ul.remove(); tw.textContent = '▸'; tw.setAttribute('aria-expanded', 'false'); return; }
    ul = document.createElement('ul');
    // the tree comes from GET /api/v1/zones?parent=.. like any client would use it
    get(`/api/v1/zones?parent=${z.id}`).then(({ zones: kids }) => kids.forEach((k) => ul.append(treeNode(zones.get(k.id)))));
    li.append(ul);
    tw.textContent = '▾';
    tw.setAttribute('aria-expanded', 'true');
  });
  return li;
}

function renderTree() {
  const ul = $('tree');
  ul.innerHTML = '';
  const root = [...zones.byId.values()].find((z) => !z.parent);
  ul.append(treeNode(root));
  ul.querySelector('.twisty').click();
}

function syncChecks() {
  document.querySelectorAll('#tree input[data-zone]').forEach((cb) => { cb.checked = selected.has(cb.dataset.zone); });
}

let debounce = null;
function changed() {
  syncChecks();
  $('area-state').textContent = drawing ? `${t('drawArea')}: ${drawing.length} ${t('vertices')}` : area ? `GeoJSON ${area.type}` : '';
  clearTimeout(debounce);
  debounce = setTimeout(resolve, 150);
}

function body() {
  const b = {};
  if (selected.size) b.zones = [...selected];
  if (area) b.area = area;
  return b;
}

async function resolve() {
  const box = $('preview');
  box.innerHTML = '';
  preview = null;
  const b = body();
  if (!b.zones && !b.area) {
    box.innerHTML = `<p class="preview">${t('nothingSelected')}</p>`;
    layer?.refresh();
    return;
  }
  try {
    preview = await request('POST', '/api/v1/zones/resolve', b);
    previewCount = new Map();
    for (const h of preview.hromadas) for (const c of zones.chain(h)) previewCount.set(c, (previewCount.get(c) || 0) + 1);
    const p = document.createElement('p');
    p.className = 'preview';
    p.id = 'preview-count';
    p.dataset.count = String(preview.count);
    p.textContent = `${t('willCover')}: ${count(preview.count, 'targetZones')} (${count(preview.hromada_count, 'hromadas')})`;
    const list = document.createElement('p');
    list.className = 'preview-list';
    list.textContent = preview.zones.map(zoneName).join(', ');
    box.append(p, list);
  } catch (e) {
    box.append(problemView(e));
  }
  layer?.refresh();
}

// ----- the map: alerts in force, and the preview highlighted -----
const leafCount = new Map();
for (const z of zones.byId.values()) if (!z.children.length) for (const c of zones.chain(z.id)) leafCount.set(c, (leafCount.get(c) || 0) + 1);

let previewCount = new Map(); // zone → how many of its hromadas the preview covers
function style(base) {
  return (id) => {
    if (preview) {
      const n = previewCount.get(id) || 0;
      if (n) return { state: n === leafCount.get(id) ? 'active' : 'partly', colour: '#1565c0', drill: false };
    }
    return base(id);
  };
}

function startMap() {
  map = createMap($('map'), config);
  let cov = zones.coverage([]);
  const base = coverageStyle(() => cov);
  layer = new ZoneLayer(map, style(base), (props) => {
    if (drawing) return;
    selected.has(props.id) ? selected.delete(props.id) : selected.add(props.id);
    changed();
  }, { zones, targets: () => active?.list().flatMap((a) => a.zones) ?? [] });
  map.on('click', (ev) => {
    if (!drawing) return;
    drawing.push(ev.latlng);
    drawLine.setLatLngs(drawing);
    changed();
  });
  drawLine = L.polyline([], { color: '#0b4f9c', weight: 3, dashArray: '4 4' }).addTo(map);
  areaLayer = L.geoJSON(null, { style: { color: '#0b4f9c', weight: 3, fill: false } }).addTo(map);
  threatLayer(map, key, () => $('conn').dataset.status === 'live'); // live threat areas from tracks
  active = new ActiveAlerts((a) => {
    cov = zones.coverage(a.list());
    layer.refresh();
    renderActive(a.list());
  });
  new Live('/api/v1/stream?zone=UA&heartbeat=event&drills=true', {
    state: () => active.reload(), reset: () => active.reload(), alert: (e) => active.event(e),
    status: (s) => { $('conn').hidden = false; showStatus($('conn'), s); feedChanged(s); },
  }, config.heartbeat_seconds);
}

// ----- a feed that is not live: the map and the list may be out of date -----
let feed = 'connecting';
/** Greys the map (CSS on body[data-feed]) and blocks raising or changing an alert, saying why. */
function feedChanged(s) {
  feed = s;
  document.body.dataset.feed = s;
  const live = s === 'live';
  const why = live ? '' : t(s === 'connecting' ? 'sendWaiting' : 'sendBlocked');
  $('review').disabled = !live;
  $('send-blocked').hidden = live;
  $('send-blocked').textContent = why;
  renderConfirmBlock();
}

$('draw').addEventListener('click', () => {
  if (!drawing) {
    drawing = [];
    $('draw').textContent = t('finishArea');
    $('draw').setAttribute('aria-pressed', 'true');
    map.getContainer().style.cursor = 'crosshair';
  } else {
    if (drawing.length >= 3) {
      const ring = drawing.map((p) => [+p.lng.toFixed(5), +p.lat.toFixed(5)]);
      setArea({ type: 'Polygon', coordinates: [[...ring, ring[0]]] });
    }
    drawing = null;
    drawLine.setLatLngs([]);
    $('draw').textContent = t('drawArea');
    $('draw').setAttribute('aria-pressed', 'false');
    map.getContainer().style.cursor = '';
  }
  changed();
});
$('clear-area').addEventListener('click', () => { setArea(null); selected.clear(); changed(); });
$('upload').addEventListener('change', async () => {
  const f = $('upload').files[0];
  if (!f) return;
  try {
    const g = JSON.parse(await f.text());
    setArea(g.type === 'FeatureCollection' ? g.features[0]?.geometry : g.type === 'Feature' ? g.geometry : g);
  } catch (e) {
    $('preview').replaceChildren(problemView(new Problem(400, { title: 'Not JSON', title_uk: 'Це не JSON', detail: e.message })));
    return;
  }
  changed();
});

function setArea(g) {
  area = g;
  areaLayer.clearLayers();
  if (g) { areaLayer.addData(g); map.fitBounds(areaLayer.getBounds(), { maxZoom: 10 }); }
}

// ----- sending -----
for (const [k] of Object.entries(TYPES)) {
  const o = document.createElement('option');
  o.value = k;
  $('type').append(o);
}
function typeTexts() {
  for (const o of $('type').options) o.textContent = typeName(o.value);
}
$('type').addEventListener('change', () => defaultMessages(true));
function defaultMessages(force) {
  const x = TYPES[$('type').value];
  if (force || !$('msg-uk').value) $('msg-uk').value = `${x.uk}! ${x.adviceUk}`;
  if (force || !$('msg-en').value) $('msg-en').value = `${x.en}! ${x.adviceEn}`;
}

function alertBody() {
  const b = { ...body(), type: $('type').value, message: {} };
  if (!editing) b.status = $('status').value;
  if ($('msg-uk').value.trim()) b.message.uk = $('msg-uk').value.trim();
  if ($('msg-en').value.trim()) b.message.en = $('msg-en').value.trim();
  const min = Number($('expires').value);
  if ($('expires').value) b.expires_at = new Date(Date.now() + min * 60_000).toISOString();
  return b;
}

// ----- the confirmation: every raise, change and all-clear is read back before it is sent -----
let onConfirm = null;   // what "send" does in the open dialog
let confirmKind = null; // 'raise' (blocked while the feed is not live) or 'clear' (never blocked)
let confirmFrom = null; // where the focus goes back to

/** Opens the confirmation: kind banner, what, the zones by name, the message; `send` runs on confirm. */
function askConfirm({ kind, status, kindText, what, zoneNames, msg, sendText, from, send }) {
  $('confirm-kind').className = `kind ${status}`;
  $('confirm-kind').textContent = kindText;
  $('confirm-what').textContent = what;
  $('confirm-zones').textContent = zoneNames;
  $('confirm-msg').textContent = msg;
  $('confirm-send').textContent = sendText;
  onConfirm = send;
  confirmKind = kind;
  confirmFrom = from;
  $('confirm').hidden = false;
  renderConfirmBlock();
  openModal($('confirm'), $('confirm-back'));
}

function closeConfirm() {
  $('confirm').hidden = true;
  onConfirm = null;
  closeModal($('confirm'), confirmFrom);
}

/** In the dialog: a raise or change cannot be sent while the feed is not live; an all-clear can, with a warning. */
function renderConfirmBlock() {
  const live = feed === 'live';
  const blocked = !live && confirmKind === 'raise';
  $('confirm-send').disabled = blocked;
  $('confirm-blocked').hidden = live;
  $('confirm-blocked').textContent = live ? '' : t(blocked ? 'sendBlocked' : 'clearStale');
}

$('alert-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  if (feed !== 'live') return; // the button is disabled; Enter in a field must not get round it
  $('result').innerHTML = '';
  await resolve();
  if (!preview) { $('result').append($('preview').firstChild?.cloneNode(true) || ''); return; }
  const status = editing ? editing.status : $('status').value;
  askConfirm({
    kind: 'raise', status,
    kindText: status === 'actual' ? t('real') : status === 'exercise' ? t('exercise') : t('test'),
    what: `${editing ? t('update') + ' · ' : ''}${typeName($('type').value)} · ${count(preview.count, 'targetZones')} (${count(preview.hromada_count, 'hromadas')})`,
    zoneNames: preview.zones.map(zoneName).join(', '),
    msg: $(document.documentElement.lang === 'en' ? 'msg-en' : 'msg-uk').value,
    sendText: editing ? t('saveChanges') : t('send'),
    from: $('review'),
    send: sendAlert,
  });
});
$('confirm-back').addEventListener('click', closeConfirm);
$('confirm').addEventListener('keydown', (ev) => { if (ev.key === 'Escape') closeConfirm(); });
$('confirm-send').addEventListener('click', () => {
  const send = onConfirm;
  closeConfirm();
  send?.();
});

async function sendAlert() {
  document.querySelectorAll('.field-error').forEach((x) => x.classList.remove('field-error'));
  try {
    const r = editing
      ? await request('PATCH', `/api/v1/alerts/${editing.id}`, alertBody(), key)
      : await request('POST', '/api/v1/alerts', alertBody(), key);
    if (r.pending) { $('result').replaceChildren(heldNote(r)); stopEditing(); return; } // two-person rule
    const ok = document.createElement('p');
    ok.className = 'ok-note';
    ok.id = 'sent';
    ok.textContent = `${editing ? t('updated') : t('sent')}: ${typeName(r.alert.type)} · ${clock(r.at)} · #${r.seq}`;
    $('result').replaceChildren(ok);
    stopEditing();
  } catch (e) {
    $('result').replaceChildren(problemView(e));
    for (const fe of e.body?.errors || []) {
      const name = fe.field.replace(/\[.*$/, '');
      document.querySelector(`[name="${name}"]`)?.classList.add('field-error');
    }
    if (e.status === 401) { sessionStorage.removeItem(KEY); }
  }
}

/** The all-clear of alert `a`, read back (type, status, zones) and sent only when confirmed. */
function askClear(a, button) {
  const names = a.zones.map((id) => zoneName(zones.get(id)));
  askConfirm({
    kind: 'clear', status: 'clear',
    kindText: t('allClearKind'),
    what: `${a.status !== 'actual' ? `[${t(a.status === 'exercise' ? 'exercise' : 'test')}] ` : ''}${typeName(a.type)} · ${count(a.zones.length, 'targetZones')}`,
    zoneNames: names.join(', '),
    msg: t('allClearWill'),
    sendText: t('sendClear'),
    from: button,
    send: async () => {
      button.disabled = true;
      try {
        await request('POST', `/api/v1/alerts/${a.id}/cancel`, undefined, key);
        $('result').replaceChildren(Object.assign(document.createElement('p'), { className: 'ok-note', id: 'cleared', textContent: `${t('cancelled')}: ${typeName(a.type)}` }));
      } catch (e) {
        button.disabled = false;
        $('result').replaceChildren(problemView(e));
      }
    },
  });
}

// ----- alerts in force -----
function renderActive(list) {
  const ul = $('active');
  ul.innerHTML = '';
  if (!list.length) { ul.innerHTML = `<li class="hint">${t('noAlerts')}</li>`; return; }
  for (const a of list) {
    const li = document.createElement('li');
    li.dataset.alertId = a.id;
    const head = document.createElement('strong');
    head.textContent = `${a.status !== 'actual' ? `[${t(a.status === 'exercise' ? 'exercise' : 'test')}] ` : ''}${typeName(a.type)}`;
    const where = document.createElement('div');
    where.textContent = `${a.zones.slice(0, 4).map((id) => zoneName(zones.get(id))).join(', ')}${a.zones.length > 4 ? ` +${a.zones.length - 4}` : ''}`;
    const when = document.createElement('small');
    when.textContent = `${t('since')} ${clock(a.issued_at)} · ${a.sender}`;
    const acts = document.createElement('div');
    acts.className = 'actions';
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.className = 'danger cancel';
    cancel.textContent = t('cancel');
    cancel.addEventListener('click', () => askClear(a, cancel));
    const edit = document.createElement('button');
    edit.type = 'button';
    edit.textContent = t('update');
    edit.addEventListener('click', () => startEditing(a));
    acts.append(cancel, edit);
    li.append(head, where, when, acts);
    ul.append(li);
  }
}

function startEditing(a) {
  editing = a;
  selected.clear();
  a.zones.forEach((z) => selected.add(z));
  setArea(a.area || null);
  $('type').value = a.type;
  $('status').value = a.status;
  $('status').disabled = true;
  $('msg-uk').value = a.message.uk || '';
  $('msg-en').value = a.message.en || '';
  $('editing').hidden = false;
  $('editing-id').textContent = a.id.slice(0, 8);
  $('review').textContent = t('saveChanges');
  changed();
  $('type').focus();
}

function stopEditing() {
  editing = null;
  $('editing').hidden = true;
  $('status').disabled = false;
  $('review').textContent = t('review');
}
$('stop-editing').addEventListener('click', () => { stopEditing(); selected.clear(); setArea(null); changed(); });

let started = false;
function start() {
  if (started) return;
  started = true;
  startMap();
  deliveryPanel($('delivery'));
  renderTree();
  defaultMessages(false);
  changed();
  layer.ready.then(() => { document.body.dataset.mapReady = 'true'; });
}

window.addEventListener('tryvoha:lang', () => {
  typeTexts();
  if (started) { renderTree(); renderActive(active.list()); feedChanged(feed); }
});
langSwitch();
typeTexts();
if (key) await login(key);
else $('key').focus();
document.body.dataset.ready = 'true';
