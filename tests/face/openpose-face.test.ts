/**
 * OpenPose's 70-point face from the 468-point mesh, without the model: the table's shape, the pure function,
 * and where the chosen vertices lie on MediaPipe's canonical face geometry (its UV layout, when
 * @vladmandic/human's copy of it is installed) and on a neutral frontal facemesh (fixtures/canonical-face-mesh.json).
 * Accuracy against annotated faces: openpose-face-real.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NUM_FACE_LANDMARKS } from '../../src/face/face-mesh-engine';
import { toPersonFace } from '../../src/face/person-face';
import { faceFeatures } from '../../src/face/face-features';
import {
  FACEMESH_LEFT_EYE_CONTOUR,
  FACEMESH_RIGHT_EYE_CONTOUR,
  IBUG68_FROM_FACEMESH,
  OPENPOSE_FACE_FLOATS,
  OPENPOSE_FACE_KEYPOINTS,
  OPENPOSE_LEFT_PUPIL,
  OPENPOSE_RIGHT_PUPIL,
  openPoseFaceFromMesh,
} from '../../src/face/openpose-face';
import { OPENPOSE_FACE_MIRROR, RIGHT_SIDE_POINTS } from './openpose-face-layout';

const CANONICAL: readonly number[] = JSON.parse(readFileSync(new URL('./fixtures/canonical-face-mesh.json', import.meta.url), 'utf8')).landmarks;

/** MediaPipe's canonical face model UV layout (468 × (u, v), u to the image right of a face seen from the front), as @vladmandic/human ships it. */
const UV_SOURCE = fileURLToPath(new URL('../../node_modules/@vladmandic/human/src/face/facemeshcoords.ts', import.meta.url));

function readUv468(): Float64Array {
  const src = readFileSync(UV_SOURCE, 'utf8');
  const start = src.indexOf('export const UV468');
  const body = src.slice(start, src.indexOf('];', start));
  const pairs = [...body.matchAll(/\[\s*([-0-9.e]+)\s*,\s*([-0-9.e]+)\s*\]/g)];
  const uv = new Float64Array(2 * pairs.length);
  pairs.forEach((m, i) => {
    uv[2 * i] = Number(m[1]);
    uv[2 * i + 1] = Number(m[2]);
  });
  return uv;
}

/** `[u, v, 0]` triples from a 2-D layout (the function reads x, y of x, y, z triples). */
function asMesh(uv: Float64Array): Float32Array {
  const m = new Float32Array(3 * NUM_FACE_LANDMARKS);
  for (let i = 0; i < NUM_FACE_LANDMARKS; i++) {
    m[3 * i] = uv[2 * i];
    m[3 * i + 1] = uv[2 * i + 1];
  }
  return m;
}

const px = (p: Float32Array, k: number) => p[3 * k];
const py = (p: Float32Array, k: number) => p[3 * k + 1];

describe('OpenPose face from facemesh: the table', () => {
  it('maps each of the 68 iBUG points to one or two distinct mesh vertices, and each pupil to a 16-vertex eye contour', () => {
    expect(IBUG68_FROM_FACEMESH).toHaveLength(68);
    for (const v of IBUG68_FROM_FACEMESH) {
      expect(v.length === 1 || v.length === 2).toBe(true);
      expect(new Set(v).size).toBe(v.length);
      for (const i of v) expect(Number.isInteger(i) && i >= 0 && i < NUM_FACE_LANDMARKS).toBe(true);
    }
    for (const eye of [FACEMESH_RIGHT_EYE_CONTOUR, FACEMESH_LEFT_EYE_CONTOUR]) {
      expect(new Set(eye).size).toBe(16);
    }
    // The eye corners of the table are on their eye's contour: right eye 36/39, left 42/45.
    expect(FACEMESH_RIGHT_EYE_CONTOUR).toEqual(expect.arrayContaining([IBUG68_FROM_FACEMESH[36][0], IBUG68_FROM_FACEMESH[39][0]]));
    expect(FACEMESH_LEFT_EYE_CONTOUR).toEqual(expect.arrayContaining([IBUG68_FROM_FACEMESH[42][0], IBUG68_FROM_FACEMESH[45][0]]));
    expect(OPENPOSE_FACE_KEYPOINTS).toBe(70);
    expect(OPENPOSE_FACE_FLOATS).toBe(210);
    expect([OPENPOSE_RIGHT_PUPIL, OPENPOSE_LEFT_PUPIL]).toEqual([68, 69]);
  });

  it('computes points as the vertex or the midpoint, pupils as the contour centre, and every score as the face score', () => {
    // Vertex i at (i, 1000 - 2i): any mean is easy to check.
    const mesh = new Float32Array(3 * NUM_FACE_LANDMARKS);
    for (let i = 0; i < NUM_FACE_LANDMARKS; i++) mesh.set([i, 1000 - 2 * i, -i], 3 * i);
    const out = openPoseFaceFromMesh(mesh, 0.75);
    expect(out).toBeInstanceOf(Float32Array);
    expect(out).toHaveLength(210);
    IBUG68_FROM_FACEMESH.forEach((v, k) => {
      const mean = v.reduce((s: number, i: number) => s + i, 0) / v.length;
      expect(px(out, k)).toBeCloseTo(mean, 4);
      expect(py(out, k)).toBeCloseTo(1000 - 2 * mean, 3);
    });
    const centre = (c: readonly number[]) => c.reduce((s, i) => s + i, 0) / c.length;
    expect(px(out, 68)).toBeCloseTo(centre(FACEMESH_RIGHT_EYE_CONTOUR), 4);
    expect(px(out, 69)).toBeCloseTo(centre(FACEMESH_LEFT_EYE_CONTOUR), 4);
    for (let k = 0; k < 70; k++) expect(out[3 * k + 2]).toBe(0.75);
    // Writes into a given buffer.
    const buf = new Float32Array(210);
    expect(openPoseFaceFromMesh(mesh, 1, buf)).toBe(buf);
  });

  it('the face a pose frame carries gains the 70 points (structured-cloneable)', () => {
    const mesh = Float32Array.from(CANONICAL);
    const crop = { cx: 320, cy: 240, side: 300, roll: 0 } as never;
    const pf = structuredClone(toPersonFace({ personIndex: 0, crop, landmarks: mesh, score: 0.9 }, faceFeatures(mesh)));
    expect(pf.openPose).toBeInstanceOf(Float32Array);
    expect(Array.from(pf.openPose)).toEqual(Array.from(openPoseFaceFromMesh(mesh, 0.9)));
  });
});

describe.skipIf(!existsSync(UV_SOURCE))("OpenPose face on MediaPipe's canonical face geometry (UV layout)", () => {
  it('is mirror-symmetric, with the person\'s right-side points on the image left', () => {
    const p = openPoseFaceFromMesh(asMesh(readUv468()), 1);
    // The canonical layout is symmetric about u = 0.5: each point mirrored lands on its partner.
    let worst = 0;
    for (let k = 0; k < 70; k++) {
      const m = OPENPOSE_FACE_MIRROR[k];
      worst = Math.max(worst, Math.hypot(1 - px(p, k) - px(p, m), py(p, k) - py(p, m)));
    }
    // Measured 0.0006 (the layout's own rounding); a point on the wrong vertex moves ≥ 0.02.
    expect(worst).toBeLessThan(0.002);
    for (const k of RIGHT_SIDE_POINTS) expect(px(p, k), `point ${k}`).toBeLessThan(0.5);
  });
});

describe('OpenPose face on a neutral frontal facemesh (fixtures/canonical-face-mesh.json)', () => {
  const p = openPoseFaceFromMesh(CANONICAL, 1);
  /** Inter-ocular distance (outer eye corners 36–45): the fixture has them 100 px apart. */
  const io = Math.hypot(px(p, 45) - px(p, 36), py(p, 45) - py(p, 36));

  it('puts the regions where a face has them (image y down, the person facing the camera)', () => {
    expect(io).toBeCloseTo(100, 0);
    // Right eye (36–41) and right brow on the image left of the left ones; pupils inside their eye's corners.
    expect(px(p, 39)).toBeLessThan(px(p, 42));
    expect(px(p, 36)).toBeLessThan(px(p, 39));
    expect(px(p, 42)).toBeLessThan(px(p, 45));
    expect(px(p, 68)).toBeGreaterThan(px(p, 36));
    expect(px(p, 68)).toBeLessThan(px(p, 39));
    expect(px(p, 69)).toBeGreaterThan(px(p, 42));
    expect(px(p, 69)).toBeLessThan(px(p, 45));
    expect(px(p, 21)).toBeLessThan(px(p, 22));
    // Top to bottom: brows, eyes, nose tip, mouth, chin.
    const eyeY = (py(p, 36) + py(p, 45)) / 2;
    for (let k = 17; k < 27; k++) expect(py(p, k)).toBeLessThan(eyeY);
    for (let k = 27; k < 30; k++) expect(py(p, k)).toBeLessThan(py(p, k + 1));
    expect(py(p, 30)).toBeLessThan(py(p, 33));
    expect(py(p, 33)).toBeLessThan(py(p, 51));
    expect(py(p, 51)).toBeLessThan(py(p, 62));
    expect(py(p, 62)).toBeLessThan(py(p, 66));
    expect(py(p, 66)).toBeLessThan(py(p, 57));
    expect(py(p, 57)).toBeLessThan(py(p, 8));
    // The jaw runs down from each ear to the chin.
    for (let k = 0; k < 8; k++) expect(py(p, k)).toBeLessThan(py(p, k + 1));
    for (let k = 16; k > 8; k--) expect(py(p, k)).toBeLessThan(py(p, k - 1));
    // Mouth corners: outer 48/54 outside (or at) the inner 60/64.
    expect(px(p, 48)).toBeLessThanOrEqual(px(p, 60) + 1);
    expect(px(p, 54)).toBeGreaterThanOrEqual(px(p, 64) - 1);
  });

  it('spaces the jaw in eighths of its arc, as the COCO-WholeBody annotations do', () => {
    for (const side of [[0, 1, 2, 3, 4, 5, 6, 7, 8], [16, 15, 14, 13, 12, 11, 10, 9, 8]]) {
      const seg = side.slice(1).map((k, i) => Math.hypot(px(p, k) - px(p, side[i]), py(p, k) - py(p, side[i])));
      const total = seg.reduce((a, b) => a + b, 0);
      let acc = 0;
      seg.forEach((s, i) => {
        acc += s;
        // Measured within 0.03 of (i + 1) / 8 on large frontal faces; this fixture is one of them.
        expect(Math.abs(acc / total - (i + 1) / 8), `jaw point ${side[i + 1]}`).toBeLessThan(0.04);
      });
    }
  });

  it('is nearly mirror-symmetric about the face midline (a frontal face is)', () => {
    const midX = [27, 28, 29, 30, 33, 51, 57, 62, 66, 8].reduce((s, k) => s + px(p, k), 0) / 10;
    let worst = 0;
    for (let k = 0; k < 70; k++) {
      const m = OPENPOSE_FACE_MIRROR[k];
      worst = Math.max(worst, Math.hypot(2 * midX - px(p, k) - px(p, m), py(p, k) - py(p, m)) / io);
    }
    // Measured 0.043 of the inter-ocular distance (a real face is not exactly symmetric).
    expect(worst).toBeLessThan(0.06);
  });
});
