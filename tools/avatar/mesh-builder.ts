import type { MaterialKey } from './materials.ts';
import { boneIndex } from './skeleton.ts';
import type { Weigh } from './skin-weights.ts';
import { vertexNormals, type Surface } from './surface.ts';
import type { Vec3 } from './vec.ts';

/** A material for the whole surface, or one chosen per triangle from its centroid (sleeve edges, belt line). */
export type MaterialChoice = MaterialKey | ((centroid: Vec3) => MaterialKey);

/** A skinned mesh ready for the glTF writer: shared vertex streams, one index list per material. */
export interface MeshData {
  readonly name: string;
  readonly positions: Float32Array;
  readonly normals: Float32Array;
  readonly joints: Uint8Array;
  readonly weights: Float32Array;
  readonly primitives: readonly { readonly material: MaterialKey; readonly indices: Uint16Array }[];
  readonly morphs: readonly { readonly name: string; readonly deltas: Float32Array }[];
}

/**
 * Collects surfaces into one skinned mesh. All primitives share the vertex streams (and the morph
 * target streams), which keeps the file small and lets one glTF morph index drive every primitive.
 */
export class MeshBuilder<M extends string = never> {
  private readonly positions: number[] = [];
  private readonly normals: number[] = [];
  private readonly joints: number[] = [];
  private readonly weights: number[] = [];
  private readonly deltas: number[][];
  private readonly indices = new Map<MaterialKey, number[]>();

  constructor(
    private readonly name: string,
    private readonly morphNames: readonly M[] = [],
  ) {
    this.deltas = morphNames.map(() => []);
  }

  /** Adds a rigid-topology surface whose vertices are weighted by `weigh`. */
  add(material: MaterialChoice, surface: Surface, weigh: Weigh): void {
    this.addMorphing(material, () => surface, weigh);
  }

  /**
   * Adds a surface that `shape` can rebuild for each morph target with the same topology; the
   * target's deltas are the difference from the neutral shape (`shape(null)`).
   */
  addMorphing(material: MaterialChoice, shape: (morph: M | null) => Surface, weigh: Weigh): void {
    const neutral = shape(null);
    const base = this.positions.length / 3;
    if (base + neutral.positions.length > 0xffff) throw new Error(`${this.name}: too many vertices for 16-bit indices`);
    for (const p of neutral.positions) this.positions.push(p[0], p[1], p[2]);
    for (const n of neutral.normals ?? vertexNormals(neutral)) this.normals.push(n[0], n[1], n[2]);
    for (const p of neutral.positions) {
      const infl = weigh(p);
      for (let k = 0; k < 4; k++) {
        this.joints.push(k < infl.length ? boneIndex(infl[k].bone) : 0);
        this.weights.push(k < infl.length ? infl[k].weight : 0);
      }
    }
    this.morphNames.forEach((morph, m) => {
      const target = shape(morph);
      if (target.positions.length !== neutral.positions.length) throw new Error(`${this.name}: morph ${morph} changes topology`);
      target.positions.forEach((p, i) => {
        const q = neutral.positions[i];
        this.deltas[m].push(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
      });
    });
    const idx = neutral.indices;
    for (let t = 0; t < idx.length; t += 3) {
      const [a, b, c] = [neutral.positions[idx[t]], neutral.positions[idx[t + 1]], neutral.positions[idx[t + 2]]];
      const key = typeof material === 'string' ? material : material([(a[0] + b[0] + c[0]) / 3, (a[1] + b[1] + c[1]) / 3, (a[2] + b[2] + c[2]) / 3]);
      const list = this.indices.get(key) ?? [];
      list.push(base + idx[t], base + idx[t + 1], base + idx[t + 2]);
      this.indices.set(key, list);
    }
  }

  build(): MeshData {
    return {
      name: this.name,
      positions: new Float32Array(this.positions),
      normals: new Float32Array(this.normals),
      joints: new Uint8Array(this.joints),
      weights: new Float32Array(this.weights),
      primitives: [...this.indices].map(([material, idx]) => ({ material, indices: new Uint16Array(idx) })),
      morphs: this.morphNames.map((name, m) => ({ name, deltas: new Float32Array(this.deltas[m]) })),
    };
  }
}

/** What part builders need: somewhere to put rigid (non-morphing) surfaces. */
export type SurfaceSink = Pick<MeshBuilder<string>, 'add'>;
