/**
 * The heads-up display: processed frames per second, inference time, capture → avatar latency,
 * backend and number of people. Figures are medians over a short window, and the DOM is written a
 * few times a second only (text layout every frame would cost more than it shows).
 */
import { byId } from './dom';

/** Samples in each rolling window: ~2 s at 30 fps, long enough to be steady, short enough to follow a change. */
const WINDOW = 60;
/** DOM refreshes per second. */
const REFRESH_HZ = 4;

/** A fixed-size ring of numbers with a median (reused scratch array: no per-call allocation). */
export class RollingWindow {
  private readonly values: Float64Array;
  private readonly scratch: Float64Array;
  private count = 0;
  private next = 0;

  constructor(size = WINDOW) {
    this.values = new Float64Array(size);
    this.scratch = new Float64Array(size);
  }

  push(v: number): void {
    if (!Number.isFinite(v)) return;
    this.values[this.next] = v;
    this.next = (this.next + 1) % this.values.length;
    this.count = Math.min(this.count + 1, this.values.length);
  }

  get size(): number {
    return this.count;
  }

  /** Median of the window; NaN when empty. */
  median(): number {
    if (!this.count) return NaN;
    const s = this.scratch.subarray(0, this.count);
    s.set(this.values.subarray(0, this.count));
    s.sort();
    const m = this.count >> 1;
    return this.count % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  clear(): void {
    this.count = 0;
    this.next = 0;
  }
}

export interface HudStats {
  /** Processed frames per second (median of 1 / frame interval). */
  fps: number;
  inferenceMs: number;
  /** Capture → avatar pose applied, ms. */
  latencyMs: number;
  /** Median hands step time (ms) of the frames where hands ran; NaN when none did. */
  handsMs: number;
  /** Median face step time (ms) of the frames where the face step ran; NaN when none did. */
  faceMs: number;
  /** Frames processed since the page opened. */
  frames: number;
}

export interface Hud {
  /**
   * A frame came back from the estimator at `nowMs` with this inference time; `handsMs` when the hands
   * step ran on it, `faceMs` when the face step did.
   */
  frame(nowMs: number, inferenceMs: number, people: number, handsMs?: number, faceMs?: number): void;
  /** Shows or hides the hands figure (hands on or off). */
  handsShown(shown: boolean): void;
  /** Shows or hides the face figure (face on or off). */
  faceShown(shown: boolean): void;
  /** A frame's pose reached the avatars `latencyMs` after its capture. */
  latency(latencyMs: number): void;
  backend(text: string): void;
  /** Clears the figures (new source or model). */
  reset(): void;
  stats(): HudStats;
}

const fmt = (v: number, unit: string): string => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)}${unit}` : '—');

export function createHud(): Hud {
  const el = {
    fps: byId('hud-fps'),
    inference: byId('hud-inference'),
    latency: byId('hud-latency'),
    backend: byId('backend'),
    people: byId('people'),
    hands: byId('hud-hands'),
    handsLabel: byId('hud-hands-label'),
    face: byId('hud-face'),
    faceLabel: byId('hud-face-label'),
  };
  const intervals = new RollingWindow();
  const inference = new RollingWindow();
  const hands = new RollingWindow();
  const face = new RollingWindow();
  const latency = new RollingWindow();
  let last = NaN;
  let frames = 0;
  let people = 0;
  let lastPaint = -Infinity;

  const fps = (): number => 1000 / intervals.median();

  function paint(now: number, force = false): void {
    if (!force && now - lastPaint < 1000 / REFRESH_HZ) return;
    lastPaint = now;
    el.fps.textContent = fmt(fps(), '');
    el.inference.textContent = fmt(inference.median(), ' ms');
    el.latency.textContent = fmt(latency.median(), ' ms');
    el.hands.textContent = fmt(hands.median(), ' ms');
    el.face.textContent = fmt(face.median(), ' ms');
    el.people.textContent = String(people);
  }

  return {
    frame(now, inferenceMs, n, handsMs, faceMs) {
      if (Number.isFinite(last)) intervals.push(now - last);
      last = now;
      inference.push(inferenceMs);
      if (handsMs !== undefined) hands.push(handsMs);
      if (faceMs !== undefined) face.push(faceMs);
      people = n;
      frames++;
      paint(now);
    },
    latency: (ms) => latency.push(ms),
    handsShown(shown) {
      el.hands.hidden = !shown;
      el.handsLabel.hidden = !shown;
      if (!shown) hands.clear();
    },
    faceShown(shown) {
      el.face.hidden = !shown;
      el.faceLabel.hidden = !shown;
      if (!shown) face.clear();
    },
    backend(text) {
      el.backend.textContent = text;
    },
    reset() {
      intervals.clear();
      inference.clear();
      latency.clear();
      hands.clear();
      face.clear();
      last = NaN;
      people = 0;
      paint(performance.now(), true);
    },
    stats: () => ({ fps: fps(), inferenceMs: inference.median(), latencyMs: latency.median(), handsMs: hands.median(), faceMs: face.median(), frames }),
  };
}
