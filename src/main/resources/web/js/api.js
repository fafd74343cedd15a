// Fetch helpers for /api/v1; refusals come back as RFC 9457 problem documents.
import { lang } from './i18n.js';
import { serverText } from './messages.js';

export class Problem extends Error {
  constructor(status, body) {
    super(body?.detail || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

export async function request(method, path, body, key) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (key) headers.Authorization = `Bearer ${key}`;
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new Problem(0, { title: 'The server cannot be reached', title_uk: 'Сервер недоступний', detail: String(e.message || e) });
  }
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw new Problem(res.status, typeof data === 'object' ? data : { detail: data });
  return data;
}

export const get = (path) => request('GET', path);

/** A problem as the person needs it: title in their language, what to do, and each wrong field. */
export function problemView(p) {
  const b = p.body || {};
  const box = document.createElement('div');
  box.className = 'problem';
  box.setAttribute('role', 'alert');
  const h = document.createElement('strong');
  h.textContent = (lang() === 'uk' ? b.title_uk : b.title) || b.title || `HTTP ${p.status}`;
  box.append(h);
  if (b.detail) {
    const d = document.createElement('p');
    d.textContent = serverText(b.detail);
    box.append(d);
  }
  if (Array.isArray(b.errors) && b.errors.length) {
    const ul = document.createElement('ul');
    for (const e of b.errors) {
      const li = document.createElement('li');
      const f = document.createElement('code');
      f.textContent = e.field;
      li.append(f, ': ', serverText(e.message));
      ul.append(li);
    }
    box.append(ul);
  }
  return box;
}
