// The page's notices (no connection, signature) live in #notices at the top of the page. While an
// alert or all-clear screen is shown they stay above it, and the screen starts below them: the CSS
// variable --notices-h follows their height, so no notice ever hides an alert's type or place.
export function watchNotices(el = document.getElementById('notices')) {
  if (!el) return;
  const set = () => document.documentElement.style.setProperty('--notices-h', `${el.offsetHeight}px`);
  new ResizeObserver(set).observe(el);
  set();
}

/** Where a page notice goes: #notices when the page has it, else the top of <body>. */
export function noticeHost() {
  return document.getElementById('notices') || document.body;
}
