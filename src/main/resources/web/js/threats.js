// Live threat areas on the operator console: polls GET /api/v1/tracks (operator key) and
// draws each track's corridor, its last position and, in the tooltip, its class, warned and pending zones.
import { request } from './api.js';
import { trackText } from './messages.js';

const COLORS = { ballistic: '#b00020', cruise_missile: '#d35400', drone: '#7b1fa2', guided_bomb: '#c2185b', aircraft: '#455a64', unknown: '#455a64' };

// `live()` says whether the console's own feed is connected: while the server is unreachable the
// layer keeps its last picture and sends nothing.
export function threatLayer(map, key, live = () => true, everyMs = 2000) {
  const group = L.layerGroup().addTo(map);
  let stopped = false;
  async function refresh() {
    if (stopped) return;
    if (!live()) { setTimeout(refresh, everyMs); return; }
    try {
      const fc = await request('GET', '/api/v1/tracks', undefined, key);
      group.clearLayers();
      for (const f of fc.features) {
        const p = f.properties;
        const color = COLORS[p.class] || '#455a64';
        if (f.geometry) {
          L.geoJSON(f.geometry, { style: { color, weight: 2, dashArray: '6 4', fillOpacity: 0.12, className: 'threat-area' }, interactive: false }).addTo(group);
        }
        if (p.lat != null) {
          // the tooltip is written when it opens, in the language chosen then
          L.circleMarker([p.lat, p.lon], { radius: 5, color, fillOpacity: 1, className: 'track-position' }).bindTooltip(() => trackText(p)).addTo(group);
        }
      }
    } catch (e) {
      // a failed poll keeps the last picture; the next one tries again
    }
    setTimeout(refresh, everyMs);
  }
  refresh();
  return { layer: group, stop: () => { stopped = true; } };
}
