// A Leaflet map of the zones (Leaflet is served from the jar at /vendor/leaflet/, global L).
// No tile server by default: zones are drawn on a plain background; a basemap URL may be configured.
import { get } from './api.js';
import { t, typeName, zoneName } from './i18n.js';

/** Fill colour per alert type; the legend shows them with their names. */
export const COLOURS = {
  air_raid: '#c62828', ballistic_missile: '#6a1b9a', cruise_missile: '#ad1457', drone: '#e65100', guided_bomb: '#4e342e',
  artillery: '#827717', urban_fights: '#37474f', chemical: '#2e7d32', nuclear: '#212121', info: '#1565c0',
  early_warning: '#f9a825',
};
const SEVERITY = ['ballistic_missile', 'nuclear', 'chemical', 'guided_bomb', 'cruise_missile', 'air_raid', 'drone', 'artillery', 'urban_fights', 'info', 'early_warning'];
const UKRAINE = [[44.3, 22.1], [52.4, 40.3]];

export function worst(alerts) {
  return [...alerts].sort((a, b) => SEVERITY.indexOf(a.type) - SEVERITY.indexOf(b.type))[0];
}

export function createMap(el, config, opts = {}) {
  const map = L.map(el, { zoomSnap: 0.5, minZoom: 5, maxZoom: 17, attributionControl: !!config.basemap_url, ...opts });
  map.fitBounds(config.map_bounds || UKRAINE); // the loaded zones' bounds, from /api/v1/web/config
  if (config.basemap_url) L.tileLayer(config.basemap_url, { attribution: config.basemap_attribution || '', maxZoom: 19 }).addTo(map);
  return map;
}

/** Which level to draw at a zoom: oblasts, then raions, then hromadas. */
export function levelFor(zoom) {
  return zoom >= 9 ? 'hromada' : zoom >= 7 ? 'raion' : 'oblast';
}

/**
 * Zone polygons of the level that fits the zoom, coloured by `style(id)` →
 * { colour, state: 'calm'|'active'|'partly', drill }. Call refresh() when the alerts change.
 */
export class ZoneLayer {
  constructor(map, style, onClick) {
    this.map = map;
    this.style = style;
    this.onClick = onClick;
    this.cache = new Map();
    this.layer = null;
    this.level = null;
    map.on('zoomend', () => this.show());
    this.ready = this.show();
  }

  async show() {
    const level = levelFor(this.map.getZoom());
    if (level === this.level) return;
    this.level = level;
    if (!this.cache.has(level)) this.cache.set(level, get(`/api/v1/zones/geojson?level=${level}&simplified=true`));
    const geo = await this.cache.get(level);
    if (this.level !== level) return;
    if (this.layer) this.layer.remove();
    this.layer = L.geoJSON(geo, {
      style: (f) => this.pathStyle(f.properties.id),
      onEachFeature: (f, l) => {
        l.on('click', (ev) => this.onClick?.(f.properties, ev.latlng));
        l.bindTooltip(() => zoneName(f.properties), { sticky: true });
      },
    }).addTo(this.map);
    this.layer.bringToBack();
    this.map.getContainer().dataset.level = level;
  }

  pathStyle(id) {
    const s = this.style(id);
    const alerted = s.state !== 'calm';
    return {
      color: alerted ? '#1b1b1b' : '#5f6b7a', weight: alerted ? 1.4 : 0.7, dashArray: s.drill ? '6 4' : null,
      fillColor: alerted ? s.colour : '#e8edf2', fillOpacity: s.state === 'active' ? 0.72 : s.state === 'partly' ? 0.3 : 0.55,
      className: `zone zone-${s.state}`,
    };
  }

  refresh() {
    this.layer?.eachLayer((l) => l.setStyle(this.pathStyle(l.feature.properties.id)));
  }
}

/** Style of a zone from coverage: alerts covering it whole → active; on a zone inside → partly. */
export function coverageStyle(cov) {
  return (id) => {
    const whole = cov().covering(id);
    const part = whole.length ? [] : cov().partly(id);
    const any = whole.length ? whole : part;
    if (!any.length) return { state: 'calm' };
    const w = worst(any);
    return { state: whole.length ? 'active' : 'partly', colour: COLOURS[w.type] || '#c62828', drill: any.every((a) => a.status !== 'actual') };
  };
}

/** A legend control listing the type colours. */
export function legend(map) {
  const c = L.control({ position: 'bottomright' });
  c.onAdd = () => {
    // a <details> so that on a phone the legend does not hide the map: closed there, open on a laptop
    const d = L.DomUtil.create('details', 'legend');
    d.open = window.innerWidth > 700;
    L.DomEvent.disableClickPropagation(d);
    const draw = () => {
      d.innerHTML = '';
      const h = document.createElement('summary');
      h.textContent = t('legend');
      d.append(h);
      const row = (cls, colour, text) => {
        const r = document.createElement('div');
        const sw = document.createElement('span');
        sw.className = `swatch ${cls}`;
        if (colour) sw.style.background = colour;
        r.append(sw, text);
        d.append(r);
      };
      for (const [type, colour] of Object.entries(COLOURS)) row('', colour, typeName(type));
      row('swatch-partly', COLOURS.air_raid, t('partly'));
      row('swatch-drill', null, t('drill'));
      row('swatch-calm', null, t('calm'));
    };
    draw();
    window.addEventListener('tryvoha:lang', draw);
    return d;
  };
  c.addTo(map);
  return c;
}

/** Shelter dots when zoomed in (zoom ≥ 13), from GET /api/v1/shelters?bbox=. */
export function shelterLayer(map, minZoom = 13) {
  const group = L.layerGroup().addTo(map);
  let seq = 0;
  const load = async () => {
    const mine = ++seq;
    if (map.getZoom() < minZoom) { group.clearLayers(); return; }
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(5)).join(',');
    try {
      const { shelters } = await get(`/api/v1/shelters?bbox=${bbox}&limit=1000`);
      if (mine !== seq) return;
      group.clearLayers();
      for (const s of shelters) {
        L.circleMarker([s.lat, s.lon], { radius: 5, color: '#0d47a1', weight: 1.5, fillColor: '#ffffff', fillOpacity: 1, className: 'shelter' })
          .bindTooltip(`${s.address || ''}${s.kind ? ' — ' + s.kind : ''}${s.step_free ? ' ♿' : ''}`).addTo(group);
      }
    } catch (e) { /* the map keeps working without shelters */ }
  };
  map.on('moveend', load);
  return group;
}
