import { add, cross, normalize, scale, sub, type Vec3 } from './vec.ts';

/** An indexed triangle surface in rest-pose world space, counter-clockwise front faces. */
export interface Surface {
  readonly positions: readonly Vec3[];
  readonly indices: readonly number[];
  /** Explicit shading normals; computed from the triangles when absent. */
  readonly normals?: readonly Vec3[];
}

export interface GridOptions {
  /** The u direction closes on itself (columns 0 and `cols` are the same vertices). */
  readonly wrapU?: boolean;
  /** Row 0 / row `rows` collapses to one pole vertex (sphere and capsule ends). */
  readonly poleStart?: boolean;
  readonly poleEnd?: boolean;
  /** Reverse the winding, for surfaces built through a mirroring map. */
  readonly flip?: boolean;
}

/**
 * A (cols × rows) quad grid over u, v ∈ [0, 1] mapped through `at`. Poles are single vertices so that
 * smooth normals stay clean at the tips of limbs and the top of the head.
 */
export function gridSurface(cols: number, rows: number, at: (u: number, v: number) => Vec3, opts: GridOptions = {}): Surface {
  const positions: Vec3[] = [];
  const indices: number[] = [];
  const ucount = opts.wrapU ? cols : cols + 1;
  const rowStart: number[] = [];
  for (let r = 0; r <= rows; r++) {
    rowStart.push(positions.length);
    const pole = (r === 0 && opts.poleStart) || (r === rows && opts.poleEnd);
    if (pole) positions.push(at(0, r / rows));
    else for (let c = 0; c < ucount; c++) positions.push(at(c / cols, r / rows));
  }
  const vertex = (r: number, c: number): number => {
    const pole = (r === 0 && opts.poleStart) || (r === rows && opts.poleEnd);
    return pole ? rowStart[r] : rowStart[r] + (opts.wrapU ? c % cols : c);
  };
  const tri = (a: number, b: number, c: number): void => {
    if (a === b || b === c || a === c) return;
    if (opts.flip) indices.push(a, c, b);
    else indices.push(a, b, c);
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const a = vertex(r, c);
      const b = vertex(r, c + 1);
      const d = vertex(r + 1, c);
      const e = vertex(r + 1, c + 1);
      tri(a, d, b);
      tri(b, d, e);
    }
  }
  return { positions, indices };
}

/** One ring of a lathe: distance along the axis and the two half-axes of its elliptical cross-section. */
export interface Ring {
  readonly t: number;
  readonly r1: number;
  readonly r2: number;
  /** Shift of the ring's centre along e1 (a shoe's sole line, a chest that sits forward). */
  readonly o1?: number;
}

/**
 * Surface of revolution along `axis` from `origin`; cross-sections are ellipses spanned by `e1` and
 * `axis × e1`. Rings with zero radius at either end become poles. A right-handed frame keeps the
 * winding outward whichever way the axis points, so mirrored limbs need no special casing.
 */
export function lathe(origin: Vec3, axis: Vec3, e1: Vec3, rings: readonly Ring[], segments: number): Surface {
  const a = normalize(axis);
  const b1 = normalize(e1);
  const b2 = cross(a, b1);
  const last = rings.length - 1;
  return gridSurface(
    segments,
    last,
    (u, v) => {
      const ring = rings[Math.round(v * last)];
      const th = u * Math.PI * 2;
      const centre = add(origin, add(scale(a, ring.t), scale(b1, ring.o1 ?? 0)));
      return add(centre, add(scale(b1, Math.cos(th) * ring.r1), scale(b2, -Math.sin(th) * ring.r2)));
    },
    { wrapU: true, poleStart: rings[0].r1 === 0, poleEnd: rings[last].r1 === 0 },
  );
}

/** Rings of a capsule (hemispherical ends of radius r0 and r1) between t = 0 and t = len. */
export function capsuleRings(len: number, r0: number, r1: number, capRows = 5, bodyRows = 4): Ring[] {
  const rings: Ring[] = [];
  // cos(π/2) is not exactly 0 in floating point; the end rings are set to 0 so they become poles.
  const cosEnd = (a: number, i: number, end: number): number => (i === end ? 0 : Math.cos(a));
  for (let i = 0; i <= capRows; i++) {
    const a = (Math.PI / 2) * (1 - i / capRows);
    const r = cosEnd(a, i, 0) * r0;
    rings.push({ t: -Math.sin(a) * r0, r1: r, r2: r });
  }
  for (let i = 1; i < bodyRows; i++) {
    const f = i / bodyRows;
    const r = r0 + (r1 - r0) * f;
    rings.push({ t: len * f, r1: r, r2: r });
  }
  for (let i = 0; i <= capRows; i++) {
    const a = (Math.PI / 2) * (i / capRows);
    const r = cosEnd(a, i, capRows) * r1;
    rings.push({ t: len + Math.sin(a) * r1, r1: r, r2: r });
  }
  return rings;
}

/** Ellipsoid as a lathe along +Y (poles top and bottom). */
export function ellipsoid(center: Vec3, radii: Vec3, segments = 24, rows = 16): Surface {
  const rings: Ring[] = [];
  for (let i = 0; i <= rows; i++) {
    const a = Math.PI * (i / rows) - Math.PI / 2;
    const c = i === 0 || i === rows ? 0 : Math.cos(a); // exact poles
    rings.push({ t: Math.sin(a) * radii[1], r1: c * radii[2], r2: c * radii[0] });
  }
  // Axis +Y with e1 = +Z gives e2 = Y × Z = +X, so r1 spans depth and r2 spans width.
  return lathe(center, [0, 1, 0], [0, 0, 1], rings, segments);
}

/** Area-weighted smooth vertex normals. */
export function vertexNormals(s: Surface): Vec3[] {
  const acc: [number, number, number][] = s.positions.map(() => [0, 0, 0]);
  for (let i = 0; i < s.indices.length; i += 3) {
    const [a, b, c] = [s.indices[i], s.indices[i + 1], s.indices[i + 2]];
    const n = cross(sub(s.positions[b], s.positions[a]), sub(s.positions[c], s.positions[a]));
    for (const v of [a, b, c]) {
      acc[v][0] += n[0];
      acc[v][1] += n[1];
      acc[v][2] += n[2];
    }
  }
  return acc.map((n) => normalize(n));
}
