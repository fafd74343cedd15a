// Signed events: every event carries an Ed25519 signature over its canonical form,
// "tryvoha-event-v1\n" + the event without "signature" as RFC 8785 JSON (members sorted, no spaces).
// The page checks each one with WebCrypto against /.well-known/tryvoha-keys.json and says loudly
// when one fails: a relay or proxy may have changed or forged it. When the keys cannot be fetched it
// says only that the signature could not be checked, and checks again.

const PREFIX = 'tryvoha-event-v1\n';
export const KEYS_URL = '/.well-known/tryvoha-keys.json';

/** RFC 8785 JSON of a parsed JSON value (JSON.stringify writes strings and numbers as RFC 8785 asks). */
export function canonical(v) {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
}

/** The bytes an event's signature covers. */
export function signedBytes(ev) {
  const { signature, ...rest } = ev; // eslint-disable-line no-unused-vars
  return new TextEncoder().encode(PREFIX + canonical(rest));
}

function fromBase64url(s) {
  const b = atob(s.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(s.length / 4) * 4, '='));
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
}

/** Checks events against the published keys; fetches them again when an event names an unknown key (a rotation). */
export class SignatureCheck {
  constructor(url = KEYS_URL, fetchFn = (u) => fetch(u)) {
    this.url = url;
    this.fetch = fetchFn;
    this.keys = new Map();
    this.loaded = 0;
  }

  async load() {
    const r = await this.fetch(this.url);
    if (!r.ok) throw new Error(`keys: HTTP ${r.status}`);
    const doc = await r.json();
    const keys = new Map();
    for (const k of doc.keys) {
      keys.set(k.key_id, await crypto.subtle.importKey('raw', fromBase64url(k.public_key), { name: 'Ed25519' }, false, ['verify']));
    }
    this.keys = keys;
    this.loaded = Date.now();
  }

  async key(kid) {
    if (!this.keys.has(kid) && Date.now() - this.loaded > 5000) await this.load();
    return this.keys.get(kid);
  }

  /**
   * {ok, reason, forged}: ok only for a valid signature by a published key; forged only when the
   * signature was checked against a published key and is wrong. Throws when the keys cannot be
   * fetched (the signature could not be checked at all).
   */
  async verify(ev) {
    const sig = ev && ev.signature;
    if (!sig || sig.alg !== 'Ed25519') return { ok: false, reason: 'unsigned' };
    const key = await this.key(sig.key_id);
    if (!key) return { ok: false, reason: `unknown key ${sig.key_id}` };
    let value;
    try { value = fromBase64url(sig.value); } catch { return { ok: false, reason: 'bad signature encoding' }; }
    const ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, value, signedBytes(ev));
    return ok ? { ok: true } : { ok: false, forged: true, reason: 'signature does not match' };
  }
}

const TEXT = {
  forged: {
    uk: (seq, why) => `Підпис повідомлення ${seq} не підтверджено — його могли змінити або підробити (${why}).`,
    en: (seq, why) => `The signature of message ${seq} did not verify — it may have been altered or forged (${why}).`,
  },
  unchecked: {
    uk: (seq, why) => `Не вдалося перевірити підпис повідомлення ${seq} (${why}). Перевіряємо ще раз…`,
    en: (seq, why) => `Could not check the signature of message ${seq} (${why}). Trying again…`,
  },
};
const RETRY_MS = [2000, 4000, 8000, 15000, 30000];

let shared;
let pending = null; // the last event that could not be checked: checked again until it can be
let retries = 0;
let retryTimer = null;
let forgedShown = false;

function uiLang() {
  const l = globalThis.localStorage?.getItem('tryvoha.lang');
  return l === 'en' || l === 'uk' ? l : (globalThis.navigator?.language || 'uk').startsWith('en') ? 'en' : 'uk';
}

/** The signature notice: one element, in #notices when the page has it (never over an alert's title). */
function banner() {
  let b = document.getElementById('signature-banner');
  if (!b) {
    b = document.createElement('div');
    b.id = 'signature-banner';
    b.setAttribute('role', 'alert');
    (document.getElementById('notices') || document.body).prepend(b);
  }
  return b;
}

function show(kind, ev, reason) {
  const b = banner();
  b.className = `banner signature-${kind === 'forged' ? 'bad' : 'unchecked'}`;
  b.dataset.kind = kind;
  b.textContent = TEXT[kind][uiLang()](ev?.seq ?? '', reason);
  b.hidden = false;
  document.body.dataset.signature = kind === 'forged' ? 'invalid' : 'unchecked';
}

function scheduleRetry() {
  clearTimeout(retryTimer);
  const wait = RETRY_MS[Math.min(retries, RETRY_MS.length - 1)];
  retries++;
  retryTimer = setTimeout(() => { if (pending) watch(pending); }, wait);
}

/**
 * Checks an event from the stream and says what it found. A signature that verifies as wrong:
 * "may have been forged", and that stays. A signature that could not be checked (the keys could
 * not be fetched, an unknown key, no signature): "could not check", checked again with back-off,
 * and the notice goes as soon as a check succeeds.
 */
export async function watch(ev) {
  shared ||= new SignatureCheck();
  let r;
  try { r = await shared.verify(ev); } catch (e) { r = { ok: false, reason: String(e.message || e) }; }
  if (typeof document === 'undefined') return r;
  if (r.forged) {
    forgedShown = true;
    if (pending === ev) pending = null;
    show('forged', ev, r.reason);
  } else if (!r.ok) {
    pending = ev;
    if (!forgedShown) show('unchecked', ev, r.reason);
    scheduleRetry();
  } else {
    if (pending && pending !== ev) { const again = pending; pending = null; watch(again); } // a later event proved the keys are back
    if (pending === ev) pending = null;
    if (!pending) { retries = 0; clearTimeout(retryTimer); }
    if (!forgedShown && !pending) {
      const b = document.getElementById('signature-banner');
      if (b) b.hidden = true;
      document.body.dataset.signature = 'valid';
    }
  }
  return r;
}
