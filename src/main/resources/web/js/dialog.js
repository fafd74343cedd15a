// Modal dialogs (role=dialog/alertdialog, aria-modal=true): while one is open, Tab and Shift+Tab
// cycle through its own controls only, and the rest of the page is inert (not focusable, not read).
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(el) {
  return [...el.querySelectorAll(FOCUSABLE)].filter((x) => x.offsetParent !== null || x.getClientRects().length);
}

const open = new Map(); // dialog element → { outside }

/**
 * Opens `el` as a modal: makes the page's other top-level parts inert (except those in `keep`,
 * e.g. a live notice), traps Tab in it, and focuses `first` (without scrolling). Idempotent.
 */
export function openModal(el, first, keep = []) {
  if (!open.has(el)) {
    const outside = [...document.body.children].filter((c) => c !== el && !c.contains(el) && !keep.includes(c) && !c.inert);
    outside.forEach((c) => { c.inert = true; });
    open.set(el, { outside });
    el.addEventListener('keydown', trap);
  }
  (first || focusables(el)[0])?.focus({ preventScroll: true });
}

/** Closes a modal opened with openModal: the page comes back to life; `back` gets the focus. */
export function closeModal(el, back) {
  const m = open.get(el);
  if (!m) return;
  open.delete(el);
  el.removeEventListener('keydown', trap);
  m.outside.forEach((c) => { c.inert = false; });
  back?.focus({ preventScroll: true });
}

export function isOpen(el) {
  return open.has(el);
}

function trap(ev) {
  if (ev.key !== 'Tab') return;
  const items = focusables(ev.currentTarget);
  if (!items.length) { ev.preventDefault(); return; }
  const first = items[0], last = items[items.length - 1];
  const inside = ev.currentTarget.contains(document.activeElement);
  if (ev.shiftKey && (document.activeElement === first || !inside)) { ev.preventDefault(); last.focus(); }
  else if (!ev.shiftKey && (document.activeElement === last || !inside)) { ev.preventDefault(); first.focus(); }
}
