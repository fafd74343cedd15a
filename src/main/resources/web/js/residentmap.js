// The resident page's map, loaded only after the feed's first state: Leaflet (script and style added
// to the page here, not in its head), the main place's own area (GET /api/v1/places/{zone}/area: the
// place and its neighbours, with an ETag) and, when zoomed in, shelters. A click on the map follows
// the place there. Nothing country-wide is loaded.
import { get } from './api.js';
import { zoneName } from './i18n.js';
import { alertsFor } from './places.js';
import { COLOURS, createMap, shelterLayer, worst } from './zonemap.js';

function leaflet() {
  if (window.L) return Promise.resolve();
  const css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = '/vendor/leaflet/leaflet.css';
  document.head.append(css);
  return new Promise((resolve, reject) => {
    const js = document.createElement('script');
    js.src = '/vendor/leaflet/leaflet.js';
    js.onload = resolve;
    js.onerror = () => reject(new Error('Leaflet did not load'));
    document.head.append(js);
  });
}

export async function loadMap(el, config, onClick) {
  await leaflet();
  const map = createMap(el, config);
  map.on('click', (ev) => onClick(ev.latlng));
  shelterLayer(map);
  const marker = L.marker([0, 0], { opacity: 0, keyboard: false }).addTo(map);
  let layer = null, shown = null, styleOf = () => ({});
  const style = (f) => {
    const s = styleOf(f.properties.id);
    const mine = f.properties.role === 'place';
    return {
      color: mine ? '#1b1b1b' : '#5f6b7a', weight: mine ? 2.2 : 0.7, dashArray: s.drill ? '6 4' : null,
      fillColor: s.colour || '#e8edf2', fillOpacity: s.colour ? 0.6 : mine ? 0.35 : 0.15,
      className: `zone zone-${s.colour ? 'active' : 'calm'}`,
    };
  };
  return {
    async show(place) {
      if (!place) return;
      if (shown !== place.zone) {
        shown = place.zone;
        const geo = await get(`/api/v1/places/${encodeURIComponent(place.zone)}/area`);
        if (shown !== place.zone) return;
        layer?.remove();
        layer = L.geoJSON(geo, {
          style,
          onEachFeature: (f, l) => l.bindTooltip(() => zoneName(f.properties), { sticky: true }),
        }).addTo(map);
        layer.bringToBack();
        const own = layer.getLayers().find((l) => l.feature.properties.role === 'place');
        if (own) map.fitBounds(own.getBounds(), { maxZoom: 13 });
        el.dataset.level = 'place';
      }
      marker.setLatLng([place.lat, place.lon]).setOpacity(1);
    },
    /** Colours each drawn zone that holds a followed place under alert. */
    refresh(places, alerts) {
      styleOf = (id) => {
        const p = places.find((x) => x.zone === id);
        const here = p ? alertsFor(p, alerts) : [];
        if (!here.length) return {};
        const w = worst(here.map((x) => x.alert));
        return { colour: COLOURS[w.type] || '#c62828', drill: here.every((x) => x.alert.status !== 'actual') };
      };
      layer?.setStyle(style);
    },
  };
}
