// Sounds made in the page with Web Audio: no sound files. Browsers allow audio only after the
// person has interacted with the page, so unlock() must be called from a click.
let ctx = null;
let siren = null;

export function unlock() {
  ctx = ctx || new AudioContext();
  if (ctx.state === 'suspended') ctx.resume();
  return ctx;
}

/** A rising and falling siren (a sawtooth swept 440–880 Hz every 4 s) until stop(). */
export function startSiren() {
  if (!ctx || siren) return;
  const osc = ctx.createOscillator(), lfo = ctx.createOscillator(), depth = ctx.createGain(), gain = ctx.createGain();
  osc.type = 'sawtooth';
  osc.frequency.value = 660;
  lfo.type = 'sine';
  lfo.frequency.value = 0.25;
  depth.gain.value = 220;
  gain.gain.value = 0.18;
  lfo.connect(depth).connect(osc.frequency);
  osc.connect(gain).connect(ctx.destination);
  osc.start();
  lfo.start();
  siren = { osc, lfo };
}

export function stopSiren() {
  if (!siren) return;
  siren.osc.stop();
  siren.lfo.stop();
  siren = null;
}

export function sirenPlaying() {
  return siren !== null;
}

/**
 * The early warning's chime: a soft rising C–E–G on a sine, twice — unlike the siren and the beeps,
 * so that a pre-alert is never mistaken for the alert itself.
 */
export function chime() {
  if (!ctx) return;
  [523.25, 659.25, 783.99, 523.25, 659.25, 783.99].forEach((hz, i) => {
    const o = ctx.createOscillator(), g = ctx.createGain();
    o.type = 'sine';
    o.frequency.value = hz;
    const at = ctx.currentTime + i * 0.28 + (i >= 3 ? 0.5 : 0);
    g.gain.setValueAtTime(0.0001, at);
    g.gain.exponentialRampToValueAtTime(0.2, at + 0.03);
    g.gain.exponentialRampToValueAtTime(0.0001, at + 0.45);
    o.connect(g).connect(ctx.destination);
    o.start(at);
    o.stop(at + 0.5);
  });
}

/** Short beeps: `n` tones of `hz` (the all-clear, the lost-connection warning, a test). */
export function beeps(n = 3, hz = 880) {
  if (!ctx) return;
  for (let i = 0; i < n; i++) {
    const o = ctx.createOscillator(), g = ctx.createGain();
    o.frequency.value = hz;
    g.gain.value = 0.15;
    o.connect(g).connect(ctx.destination);
    const at = ctx.currentTime + i * 0.35;
    o.start(at);
    o.stop(at + 0.2);
  }
}
