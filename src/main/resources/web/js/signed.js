// Signed events: every event carries an Ed25519 signature over its canonical form,
// "tryvoha-event-v1\n" + the event without "signature" as RFC 8785 JSON (members sorted, no spaces).
// The page checks each one with WebCrypto against /.well-known/tryvoha-keys.json and says loudly
// when one fails: a relay or proxy may have changed or forged it.

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

  /** {ok, reason}: ok only for a valid signature by a published key. */
  async verify(ev) {
    const sig = ev && ev.signature;
    if (!sig || sig.alg !== 'Ed25519') return { ok: false, reason: 'unsigned' };
    const key = await this.key(sig.key_id);
    if (!key) return { ok: false, reason: `unknown key ${sig.key_id}` };
    let value;
    try { value = fromBase64url(sig.value); } catch { return { ok: false, reason: 'bad signature encoding' }; }
    const ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, value, signedBytes(ev));
    return ok ? { ok: true } : { ok: false, reason: 'signature does not match' };
  }
}

let shared;

/** Checks an event from the stream; on failure marks the page and shows a warning in both languages. */
export async function watch(ev) {
  shared ||= new SignatureCheck();
  let r;
  try { r = await shared.verify(ev); } catch (e) { r = { ok: false, reason: String(e.message || e) }; }
  if (typeof document === 'undefined') return r;
  if (!r.ok) {
    document.body.dataset.signature = 'invalid';
    let b = document.getElementById('signature-banner');
    if (!b) {
      b = document.createElement('div');
      b.id = 'signature-banner';
      b.className = 'banner signature-bad';
      b.setAttribute('role', 'alert');
      document.body.prepend(b);
    }
    b.textContent = `Підпис повідомлення ${ev?.seq ?? ''} не підтверджено — його могли змінити або підробити. `
      + `The signature of message ${ev?.seq ?? ''} did not verify — it may have been altered or forged (${r.reason}).`;
    b.hidden = false;
  } else if (document.body.dataset.signature !== 'invalid') {
    document.body.dataset.signature = 'valid';
  }
  return r;
}
