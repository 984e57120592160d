import type { BoneName } from './skeleton.ts';
import { smoothstep } from './vec.ts';

/** One bone's share of a vertex. */
export interface Influence {
  readonly bone: BoneName;
  readonly weight: number;
}
export type Weigh = (p: readonly [number, number, number]) => readonly Influence[];

/** A point along a limb's axis past which `bone` owns the skin fully. */
export interface ChainKey {
  readonly bone: BoneName;
  readonly at: number;
}

/**
 * Weights along a chain of bones by a 1-D coordinate `s` (distance along the limb axis). Between two
 * keys of different bones the weight eases from one to the other, so a joint bends with a soft
 * crease instead of a hard seam. Keys must be sorted by `at`.
 */
export function chainWeights(s: number, keys: readonly ChainKey[]): Influence[] {
  if (s <= keys[0].at) return [{ bone: keys[0].bone, weight: 1 }];
  for (let i = 1; i < keys.length; i++) {
    const k0 = keys[i - 1];
    const k1 = keys[i];
    if (s > k1.at) continue;
    if (k0.bone === k1.bone) return [{ bone: k0.bone, weight: 1 }];
    const w = smoothstep(k0.at, k1.at, s);
    return merge([
      { bone: k0.bone, weight: 1 - w },
      { bone: k1.bone, weight: w },
    ]);
  }
  return [{ bone: keys[keys.length - 1].bone, weight: 1 }];
}

/** Keys for a joint at `at`: the parent owns the skin up to `at - half`, the child from `at + half`. */
export function jointKeys(parent: BoneName, child: BoneName, at: number, half: number): ChainKey[] {
  return [
    { bone: parent, at: at - half },
    { bone: child, at: at + half },
  ];
}

/** Mixes `extra` into `base` with share `w` (0..1), keeping the total at 1. */
export function blendInto(base: readonly Influence[], extra: readonly Influence[], w: number): Influence[] {
  if (w <= 0) return [...base];
  return merge([...base.map((i) => ({ bone: i.bone, weight: i.weight * (1 - w) })), ...extra.map((i) => ({ bone: i.bone, weight: i.weight * w }))]);
}

/** Sums duplicate bones, drops zero weights and keeps the four largest (glTF's JOINTS_0 limit). */
export function merge(list: readonly Influence[]): Influence[] {
  const sums = new Map<BoneName, number>();
  for (const { bone, weight } of list) sums.set(bone, (sums.get(bone) ?? 0) + weight);
  const out = [...sums].filter(([, w]) => w > 1e-6).map(([bone, weight]) => ({ bone, weight }));
  out.sort((a, b) => b.weight - a.weight);
  const top = out.slice(0, 4);
  const total = top.reduce((t, i) => t + i.weight, 0);
  return top.map((i) => ({ bone: i.bone, weight: i.weight / total }));
}
