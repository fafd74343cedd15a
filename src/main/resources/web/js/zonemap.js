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
  // a tooltip open when the language changes (the pointer resting on a zone) is written again in the new one
  window.addEventListener('tryvoha:lang', () => map.eachLayer((l) => { const tip = l.getTooltip?.(); if (tip?.isOpen()) tip.update(); }));
  return map;
}

/** Which level to draw at a zoom: oblasts, then raions, then hromadas. */
export function levelFor(zoom) {
  return zoom >= 9 ? 'hromada' : zoom >= 7 ? 'raion' : 'oblast';
}

const DEPTH = { country: 0, oblast: 1, raion: 2, hromada: 3 };
const LEVELS = ['oblast', 'raion', 'hromada'];
/** Drills are never painted in an alert colour: white with a dashed blue outline, as the legend says. */
export const DRILL = { fill: '#ffffff', line: '#0d47a1' };

/**
 * Zone polygons of the level that fits the zoom, coloured by `style(id)` →
 * { colour, state: 'calm'|'active'|'partly', drill }. Call refresh() when the alerts change.
 * With `opts.zones` (the Zones tree) a level also shows the coarser zones that have no finer
 * parts (Kyiv and Sevastopol at raion and hromada zoom, Crimea's raions at hromada zoom), so no
 * place drops off the map; and with `opts.targets()` (the ids alerts are on) an alert on a zone finer
 * than the level drawn is overlaid in its own shape, so a hromada's alert shows at country zoom.
 */
export class ZoneLayer {
  constructor(map, style, onClick, opts = {}) {
    this.map = map;
    this.style = style;
    this.onClick = onClick;
    this.zones = opts.zones || null;
    this.targets = opts.targets || (() => []);
    this.cache = new Map();
    this.layer = null;
    this.level = null;
    this.overlay = L.layerGroup().addTo(map);
    this.overlaySeq = 0;
    map.on('zoomend', () => this.show());
    this.ready = this.show();
  }

  geo(level) {
    if (!this.cache.has(level)) {
      this.cache.set(level, get(`/api/v1/zones/geojson?level=${level}&simplified=true`).then((g) => {
        g.byId = new Map(g.features.map((f) => [f.properties.id, f]));
        return g;
      }));
    }
    return this.cache.get(level);
  }

  /** The features drawn at `level`: its own, and the leaves of the coarser levels (with opts.zones). */
  async features(level) {
    const own = (await this.geo(level)).features;
    if (!this.zones) return own;
    const coarser = LEVELS.slice(0, LEVELS.indexOf(level));
    const leaves = [];
    for (const c of coarser) {
      for (const f of (await this.geo(c)).features) if (!this.zones.get(f.properties.id)?.children.length) leaves.push(f);
    }
    return [...own, ...leaves];
  }

  async show() {
    const level = levelFor(this.map.getZoom());
    if (level === this.level) return;
    this.level = level;
    const features = await this.features(level);
    if (this.level !== level) return;
    if (this.layer) this.layer.remove();
    this.layer = L.geoJSON({ type: 'FeatureCollection', features }, {
      style: (f) => this.pathStyle(f.properties.id),
      onEachFeature: (f, l) => {
        l.on('click', (ev) => this.onClick?.(f.properties, ev.latlng));
        l.bindTooltip(() => zoneName(f.properties), { sticky: true });
      },
    }).addTo(this.map);
    this.layer.eachLayer((l) => l.getElement()?.setAttribute('data-zone', l.feature.properties.id));
    this.layer.bringToBack();
    this.map.getContainer().dataset.level = level;
    await this.drawOverlay();
  }

  pathStyle(id) {
    const s = this.style(id);
    const alerted = s.state !== 'calm';
    const drill = alerted && s.drill;
    return {
      color: drill ? DRILL.line : alerted ? '#1b1b1b' : '#5f6b7a', weight: drill ? 2.5 : alerted ? 1.4 : 0.7, dashArray: drill ? '6 4' : null,
      fillColor: drill ? DRILL.fill : alerted ? s.colour : '#e8edf2',
      fillOpacity: drill ? 0.6 : s.state === 'active' ? 0.72 : s.state === 'partly' ? 0.3 : 0.55,
      className: `zone zone-${s.state}${drill ? ' zone-drill' : ''}${s.early ? ' zone-early' : ''}`,
    };
  }

  /** Alerts on zones finer than the level drawn, in their own shape above the base layer. */
  async drawOverlay() {
    const mine = ++this.overlaySeq;
    if (!this.zones || !this.level) return;
    const depth = DEPTH[this.level];
    const deep = [...new Set(this.targets())].filter((id) => DEPTH[this.zones.get(id)?.level] > depth);
    const shapes = [];
    for (const id of deep) {
      const f = (await this.geo(this.zones.get(id).level)).byId.get(id);
      if (f) shapes.push(f);
    }
    if (mine !== this.overlaySeq) return;
    this.overlay.clearLayers();
    for (const f of shapes) {
      const st = this.pathStyle(f.properties.id);
      L.geoJSON(f, {
        style: { ...st, weight: Math.max(st.weight, 2), className: `${st.className} zone-overlay` },
        onEachFeature: (_, l) => {
          l.on('click', (ev) => this.onClick?.(f.properties, ev.latlng));
          l.bindTooltip(() => zoneName(f.properties), { sticky: true });
        },
      }).addTo(this.overlay).eachLayer((l) => l.getElement()?.setAttribute('data-zone', f.properties.id));
    }
  }

  refresh() {
    this.layer?.eachLayer((l) => {
      const st = this.pathStyle(l.feature.properties.id);
      l.setStyle(st);
      // Leaflet sets className only when it creates the path: keep the state classes true
      l.getElement()?.setAttribute('class', `${st.className}${l.options.interactive === false ? '' : ' leaflet-interactive'}`);
    });
    return this.drawOverlay();
  }
}

const isEarlyType = (a) => a.type === 'early_warning';
/** Which alerts speak for a zone: a real alert outranks an early warning, and both outrank a drill. */
function rank(a) {
  return a.status !== 'actual' ? 2 : isEarlyType(a) ? 1 : 0;
}

/**
 * Style of a zone from coverage: the alerts of the highest rank (real, then early warning, then
 * drill) decide; among them those covering it whole → active, else those on a zone inside → partly.
 * So an early warning over an oblast never hides a real drone alert on one of its hromadas.
 */
export function coverageStyle(cov) {
  return (id) => {
    const whole = cov().covering(id);
    const part = cov().partly(id);
    const all = [...whole, ...part];
    if (!all.length) return { state: 'calm' };
    const top = Math.min(...all.map(rank));
    const wholeTop = whole.filter((a) => rank(a) === top);
    const any = wholeTop.length ? wholeTop : part.filter((a) => rank(a) === top);
    const w = worst(any);
    return { state: wholeTop.length ? 'active' : 'partly', colour: COLOURS[w.type] || '#c62828', drill: top === 2, early: top === 1 };
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
