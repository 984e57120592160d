/**
 * Person assembly: walk the limb tree from the neck, attaching each matched limb to the person that
 * already holds one of its ends, starting a person when neither end is taken, and merging two partial
 * people that a limb joins when they do not claim the same body part (CMU bodyPartConnectorBase.cpp).
 * The merge makes the result independent of which limb of a person happened to be found first.
 */
import type { Connections } from './paf';
import type { PeakSet } from './peaks';
import type { Limb } from './schema';

/** People under construction: `parts[p * partCount + k]` is a PeakSet index or −1. */
export class PersonTable {
  parts: Int32Array;
  /** Sum of keypoint scores and limb PAF scores. */
  affinity: Float32Array;
  /** Detected keypoints. */
  size: Int32Array;
  count = 0;

  constructor(readonly partCount: number, capacity = 64) {
    this.parts = new Int32Array(capacity * partCount);
    this.affinity = new Float32Array(capacity);
    this.size = new Int32Array(capacity);
  }

  clear(): void {
    this.count = 0;
  }

  add(): number {
    if (this.count === this.size.length) {
      const cap = this.size.length * 2;
      const parts = new Int32Array(cap * this.partCount);
      parts.set(this.parts);
      const affinity = new Float32Array(cap);
      affinity.set(this.affinity);
      const size = new Int32Array(cap);
      size.set(this.size);
      this.parts = parts;
      this.affinity = affinity;
      this.size = size;
    }
    const p = this.count++;
    this.parts.fill(-1, p * this.partCount, (p + 1) * this.partCount);
    this.affinity[p] = 0;
    this.size[p] = 0;
    return p;
  }

  /** The person holding candidate `peak` as keypoint `part`, or −1. */
  find(part: number, peak: number): number {
    const n = this.partCount;
    for (let p = 0; p < this.count; p++) if (this.parts[p * n + part] === peak) return p;
    return -1;
  }

  get(p: number, part: number): number {
    return this.parts[p * this.partCount + part];
  }

  set(p: number, part: number, peak: number, score: number): void {
    this.parts[p * this.partCount + part] = peak;
    this.size[p]++;
    this.affinity[p] += score;
  }

  /** Moves person `q` into `p` when they share no body part; returns whether it did. */
  merge(p: number, q: number, linkScore: number): boolean {
    const n = this.partCount;
    for (let k = 0; k < n; k++) if (this.parts[p * n + k] >= 0 && this.parts[q * n + k] >= 0) return false;
    for (let k = 0; k < n; k++) if (this.parts[q * n + k] >= 0) this.parts[p * n + k] = this.parts[q * n + k];
    this.size[p] += this.size[q];
    this.affinity[p] += this.affinity[q] + linkScore;
    this.remove(q);
    return true;
  }

  private remove(q: number): void {
    const n = this.partCount;
    const last = this.count - 1;
    if (q !== last) {
      this.parts.copyWithin(q * n, last * n, (last + 1) * n);
      this.affinity[q] = this.affinity[last];
      this.size[q] = this.size[last];
    }
    this.count--;
  }
}

/** Attaches the matched connections of one limb to the table. */
export function attachLimb(table: PersonTable, limb: Limb, conn: Connections, peaks: PeakSet): void {
  for (let c = 0; c < conn.count; c++) {
    const ia = conn.a[c], ib = conn.b[c], s = conn.score[c];
    let pa = table.find(limb.a, ia);
    const pb = table.find(limb.b, ib);
    if (pa >= 0 && pb >= 0) {
      if (pa !== pb) table.merge(pa, pb, s);
      continue;
    }
    if (pa >= 0) {
      // Only fill an empty slot: a person never swaps a keypoint it already has.
      if (table.get(pa, limb.b) < 0) {
        table.set(pa, limb.b, ib, peaks.score[ib]);
        table.affinity[pa] += s;
      }
    } else if (pb >= 0) {
      if (table.get(pb, limb.a) < 0) {
        table.set(pb, limb.a, ia, peaks.score[ia]);
        table.affinity[pb] += s;
      }
    } else {
      pa = table.add();
      table.set(pa, limb.a, ia, peaks.score[ia]);
      table.set(pa, limb.b, ib, peaks.score[ib]);
      table.affinity[pa] += s;
    }
  }
}
