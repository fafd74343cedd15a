// The console's list of alerts held by the two-person rule: each shows who asked, what,
// where and why it waits; an approver other than the sender approves (it goes out at once) or
// rejects it. Polls GET /api/v1/approvals while logged in.
import { problemView, request } from './api.js';
import { clock, lang, typeName } from './i18n.js';
import { serverText } from './messages.js';

const TEXT = {
  uk: {
    title: 'Очікують другого підтвердження', none: 'Немає тривог, що очікують підтвердження.', approve: 'Підтвердити й надіслати',
    reject: 'Відхилити', notSent: 'НЕ НАДІСЛАНО', held: 'Тривогу не надіслано: вона чекає підтвердження другою особою', by: 'надіслав(ла)', until: 'діє до',
    confirmApprove: 'Підтвердити цю тривогу? Її буде надіслано негайно.', rejectWhy: 'Причина відхилення (необов’язково):',
  },
  en: {
    title: 'Waiting for a second person', none: 'No alerts are waiting for approval.', approve: 'Approve and send', reject: 'Reject', notSent: 'NOT SENT',
    held: 'The alert was not sent: it waits for a second person to approve it', by: 'sent by', until: 'times out at',
    confirmApprove: 'Approve this alert? It goes out at once.', rejectWhy: 'Why reject it (optional):',
  },
};
const tx = (k) => TEXT[lang()]?.[k] ?? TEXT.en[k];
const $ = (id) => document.getElementById(id);
const key = () => sessionStorage.getItem('tryvoha.key');

/** What the console shows after sending an alert that the two-person rule held. */
export function heldNote(r) {
  const p = document.createElement('p');
  p.className = 'held-note';
  p.id = 'held';
  p.setAttribute('role', 'status');
  const tag = document.createElement('strong');
  tag.className = 'held-tag';
  tag.textContent = tx('notSent');
  p.append(tag, ` ${tx('held')}: ${serverText(r.pending.reason)} · #${r.pending.id.slice(0, 8)}`);
  refresh();
  return p;
}

function item(h) {
  const li = document.createElement('li');
  li.dataset.pendingId = h.id;
  const head = document.createElement('strong');
  head.textContent = `${typeName(h.type)} · ${h.zones.length} · ${h.action}`;
  const why = document.createElement('div');
  why.textContent = serverText(h.reason);
  const who = document.createElement('small');
  who.textContent = `${tx('by')} ${h.requested_by} · ${clock(h.requested_at)} · ${tx('until')} ${clock(h.timeout_at)}`;
  const acts = document.createElement('div');
  const ok = document.createElement('button');
  ok.type = 'button';
  ok.className = 'danger';
  ok.textContent = tx('approve');
  ok.addEventListener('click', () => confirm(tx('confirmApprove')) && act(li, `/api/v1/approvals/${h.id}/approve`));
  const no = document.createElement('button');
  no.type = 'button';
  no.textContent = tx('reject');
  no.addEventListener('click', () => {
    const reason = prompt(tx('rejectWhy'));
    if (reason !== null) act(li, `/api/v1/approvals/${h.id}/reject`, reason ? { reason } : undefined);
  });
  acts.append(ok, ' ', no);
  li.append(head, why, who, acts);
  return li;
}

async function act(li, path, body) {
  try {
    await request('POST', path, body, key());
    refresh();
  } catch (e) {
    li.append(problemView(e));
  }
}

async function refresh() {
  if (!key() || $('ops')?.hidden) return;
  try {
    const r = await request('GET', '/api/v1/approvals', undefined, key());
    $('approvals-h').textContent = tx('title');
    const ul = $('pending-list');
    ul.replaceChildren(...r.approvals.map(item));
    if (!r.approvals.length) ul.innerHTML = `<li class="hint">${tx('none')}</li>`;
    $('approvals').hidden = false;
  } catch {
    // offline or logged out: the next poll tries again
  }
}

setInterval(refresh, 5000);
window.addEventListener('tryvoha:lang', refresh);
new MutationObserver(refresh).observe($('ops'), { attributes: true, attributeFilter: ['hidden'] });
