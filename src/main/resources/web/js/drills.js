// The resident's opt-in to drills: exercise and test alerts reach this page only when the box is
// checked (the stream is opened with drills=true); off by default, kept in localStorage. A drill that
// does arrive is always shown marked НАВЧАННЯ / EXERCISE (resident.js) and never sounds the siren.
const KEY = 'tryvoha.drills';

export function drillsOn(key = KEY) {
  return localStorage.getItem(key) === 'on';
}

/** The query parameter to add to the stream URL ('' when the resident did not opt in). */
export function drillsParam() {
  return drillsOn() ? '&drills=true' : '';
}

/** Wires the checkbox; onChange() runs after the choice is saved (reopen the feed then). The map page keeps its own `key`. */
export function watchDrills(box, onChange, key = KEY) {
  box.checked = drillsOn(key);
  box.addEventListener('change', () => {
    localStorage.setItem(key, box.checked ? 'on' : 'off');
    onChange();
  });
}
