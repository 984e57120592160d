/**
 * Spawn and despawn animation: an avatar grows from almost nothing while rising slightly into place,
 * and shrinks and sinks away when it leaves. (Fading via material opacity is unreliable with MToon's
 * transparency modes and outlines; a scale animation works for every avatar.)
 */

/** Default duration of a spawn or despawn: long enough to read as a transition, short enough not to lag tracking. */
export const SPAWN_DURATION_S = 0.3;
/**
 * Scale at progress 0. Not 0: a zero scale makes singular matrices (NaN normals, spring bones
 * dividing by bone length).
 */
export const SPAWN_MIN_SCALE = 0.01;
/** How far below its place an avatar starts (and ends when leaving): a small rise reads as "arriving". */
export const SPAWN_RISE_M = 0.15;

/** Presence of one avatar: progress 0 (gone) … 1 (fully there), moving toward `target`. */
export interface Presence {
  /** Linear progress 0..1. */
  progress: number;
  /** 1 while spawning or shown, 0 while despawning. */
  target: 0 | 1;
}

/** Advances `presence` by `dt` seconds toward its target; returns the new progress. */
export function stepPresence(presence: Presence, dt: number, durationS: number = SPAWN_DURATION_S): number {
  const step = durationS > 0 ? Math.max(0, dt) / durationS : 1;
  presence.progress =
    presence.target === 1 ? Math.min(1, presence.progress + step) : Math.max(0, presence.progress - step);
  return presence.progress;
}

/** Ease-out cubic: fast start, gentle landing (and, run backwards, a gentle start of a departure). */
export function spawnEase(progress: number): number {
  const p = Math.min(1, Math.max(0, progress));
  const q = 1 - p;
  return 1 - q * q * q;
}

/** Scale and vertical offset (metres) of an avatar at linear `progress`. */
export interface SpawnTransform {
  scale: number;
  offsetY: number;
}

/** Writes the avatar's scale and vertical offset at `progress` into `out` (and returns it). */
export function spawnTransform(progress: number, out: SpawnTransform): SpawnTransform {
  const e = spawnEase(progress);
  out.scale = SPAWN_MIN_SCALE + (1 - SPAWN_MIN_SCALE) * e;
  out.offsetY = -SPAWN_RISE_M * (1 - e);
  return out;
}
