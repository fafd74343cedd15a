// GET /api/v1/latency now and every 5 s; `render(latest)` gets the answer (null when there is none)
// after each poll and again when the language changes. The map's speed box and the console's push
// delivery panel both read it.
export function watchLatency(render) {
  let last = null;
  const poll = async () => {
    try {
      const r = await fetch('/api/v1/latency');
      last = r.ok ? await r.json() : null;
    } catch {
      last = null;
    }
    render(last);
  };
  poll();
  setInterval(poll, 5000);
  window.addEventListener('tryvoha:lang', () => render(last));
}

// Empties `box` and writes its heading; without an answer (`latest` null) it says so below it.
export function panelHead(box, title, latest, unavailable) {
  box.replaceChildren();
  const h = document.createElement('h2');
  h.textContent = title;
  box.append(h);
  if (!latest) {
    const p = document.createElement('p');
    p.textContent = unavailable;
    box.append(p);
  }
  return h;
}
