/** Synthetic COCO-18 people for tracker tests: a walking figure with swinging limbs, and a seeded RNG. */
import { KEYPOINT_NAMES, NUM_KEYPOINTS } from '../../src/pose/schema';
import type { Person } from '../../src/pose/types';

/**
 * Keypoint offsets of a figure facing the camera, in body heights from the point between the feet
 * (x right, y down). The person's right side is on the image's left.
 */
const BODY: readonly (readonly [number, number])[] = [
  [0, -0.92], // nose
  [0, -0.82], // neck
  [-0.11, -0.81], [-0.14, -0.65], [-0.15, -0.5], // right shoulder, elbow, wrist
  [0.11, -0.81], [0.14, -0.65], [0.15, -0.5], // left shoulder, elbow, wrist
  [-0.06, -0.5], [-0.06, -0.27], [-0.06, -0.03], // right hip, knee, ankle
  [0.06, -0.5], [0.06, -0.27], [0.06, -0.03], // left hip, knee, ankle
  [-0.02, -0.94], [0.02, -0.94], // eyes
  [-0.045, -0.93], [0.045, -0.93], // ears
];

/** Horizontal swing amplitude (body heights) of limb joints while walking; sign = phase per side. */
const SWING: readonly number[] = [0, 0, 0, 0.04, 0.08, 0, -0.04, -0.08, 0, -0.04, -0.08, 0, 0.04, 0.08, 0, 0, 0, 0];

export interface FigureOptions {
  /** Point between the feet, px. */
  x: number;
  y: number;
  /** Body height, px. */
  height: number;
  /** Walking phase, radians (limbs swing with sin(phase)). */
  phase?: number;
  /** Keypoints to leave out (score 0). */
  missing?: readonly number[];
  /** Pixel noise amplitude (uniform ±), drawn from `rng`. */
  noise?: number;
  rng?: () => number;
  score?: number;
}

/** A person at the given place and walking phase. */
export function figure(o: FigureOptions): Person {
  const s = Math.sin(o.phase ?? 0);
  const noise = o.noise ?? 0;
  const rng = o.rng ?? Math.random;
  const score = o.score ?? 0.8;
  const keypoints = KEYPOINT_NAMES.map((name, k) => {
    if (o.missing?.includes(k)) return { name, x: 0, y: 0, score: 0 };
    const [bx, by] = BODY[k];
    return {
      name,
      x: o.x + (bx + SWING[k] * s) * o.height + (rng() * 2 - 1) * noise,
      y: o.y + by * o.height + (rng() * 2 - 1) * noise,
      score,
    };
  });
  const partCount = keypoints.filter((k) => k.score > 0).length;
  return { keypoints, score, partCount, affinity: partCount * score };
}

/** Mulberry32: a small seeded PRNG so the tests are deterministic. */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Indices of all keypoints. */
export const ALL_KEYPOINTS: readonly number[] = Array.from({ length: NUM_KEYPOINTS }, (_, k) => k);

/** Mean x of a person's detected keypoints. */
export function centerX(p: Person): number {
  let sum = 0, n = 0;
  for (const k of p.keypoints) if (k.score > 0 && Number.isFinite(k.x)) { sum += k.x; n++; }
  return n ? sum / n : NaN;
}
