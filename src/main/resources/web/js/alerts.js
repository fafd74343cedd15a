// The alerts in force, kept from the country feed (zone=UA hears every alert): a snapshot from
// GET /api/v1/alerts?active=true after each `state`, then every `alert` event.
import { get } from './api.js';

export class ActiveAlerts {
  constructor(onChange) {
    this.byId = new Map();
    this.onChange = onChange;
    this.loading = null;
    this.pending = [];
  }

  /** After `state` or `reset`: reload the list; events arriving meanwhile are applied after it. */
  async reload() {
    this.loading = get('/api/v1/alerts?active=true');
    try {
      const { alerts } = await this.loading;
      this.byId = new Map(alerts.map((a) => [a.id, a]));
    } finally {
      this.loading = null;
    }
    const queued = this.pending;
    this.pending = [];
    queued.forEach((e) => this.apply(e));
    this.onChange(this);
  }

  event(e) {
    if (this.loading) this.pending.push(e);
    else {
      this.apply(e);
      this.onChange(this);
    }
  }

  apply(e) {
    const a = e.alert;
    const known = this.byId.get(a.id);
    if (known && known.version >= e.seq) return; // the snapshot is already newer
    if (e.kind === 'cancelled' || e.kind === 'expired' || !a.active) this.byId.delete(a.id);
    else this.byId.set(a.id, { ...a, version: e.seq });
  }

  list() {
    return [...this.byId.values()].sort((x, y) => x.issued_at.localeCompare(y.issued_at));
  }
}

/** The zone tree (GET /api/v1/zones, flat) with parent links, for coverage and names. */
export class Zones {
  static async load() {
    const { zones } = await get('/api/v1/zones');
    return new Zones(zones);
  }

  constructor(list) {
    this.byId = new Map(list.map((z) => [z.id, { ...z, children: [] }]));
    for (const z of this.byId.values()) if (z.parent) this.byId.get(z.parent)?.children.push(z.id);
  }

  get(id) {
    return this.byId.get(id);
  }

  /** id and its ancestors, leaf first. */
  chain(id) {
    const out = [];
    for (let z = this.byId.get(id); z; z = this.byId.get(z.parent)) out.push(z.id);
    return out;
  }

  children(id) {
    return (this.byId.get(id)?.children || []).map((c) => this.byId.get(c));
  }

  /**
   * For each zone: the alerts covering it whole (on it or an ancestor) and the alerts on a zone
   * inside it. Returns { covering(id) → alerts[], partly(id) → alerts[] }.
   */
  coverage(alerts) {
    const on = new Map(), inside = new Map();
    const add = (m, k, a) => { if (!m.has(k)) m.set(k, []); m.get(k).push(a); };
    for (const a of alerts) {
      for (const t of a.zones) {
        add(on, t, a);
        for (const up of this.chain(t).slice(1)) add(inside, up, a);
      }
    }
    return {
      covering: (id) => this.chain(id).flatMap((c) => on.get(c) || []),
      partly: (id) => inside.get(id) || [],
    };
  }
}
