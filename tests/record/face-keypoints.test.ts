/**
 * Face keypoints in recordings (ISSUE 6): OpenPose's 70 face points per frame, stored like the hand
 * keypoints (chunked Float32Array rows, created on the first frame with a face), exported as OpenPose JSON
 * `face_keypoints_2d` (210 numbers; zeros for a frame where the face was not found; [] with faces off).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openPoseFaceFromMesh } from '../../src/face/openpose-face';
import { RECORDED_BODY_AND_FINGER_BONES } from '../../src/record/bones';
import { clipByteLength } from '../../src/record/clip';
import { exportOpenPoseZip, openPoseFrame, type OpenPoseFrame } from '../../src/record/openpose-json';
import { createRecorder } from '../../src/record/recorder';
import { FACE_FLOATS, FACE_KEYPOINTS, HAND_FLOATS } from '../../src/record/types';
import { unzipStore } from '../../src/record/zip';
import { FRAME_MS, syntheticPerson } from './synthetic';

/** Small chunks, so a short recording crosses several. */
const CHUNK_FRAMES = 8;
const FRAMES = 30;
/** The face appears from this frame (earlier rows: zeros). */
const FACE_FROM = 3;
/** Frames where the face is lost (the person is still tracked). */
const noFace = (i: number): boolean => i % 7 === 0;
/** Frames where the person is not tracked at all. */
const absent = (i: number): boolean => i === 20;

function faceAt(i: number): Float32Array {
  const f = new Float32Array(FACE_FLOATS);
  for (let k = 0; k < FACE_KEYPOINTS; k++) f.set([400 + k + i + 0.1234, 300 + 2 * k - i, 0.95], 3 * k);
  return f;
}

function record(withFace: boolean) {
  const rec = createRecorder({ chunkFrames: CHUNK_FRAMES });
  rec.start();
  for (let i = 0; i < FRAMES; i++) {
    if (absent(i)) {
      rec.addFrame(i * FRAME_MS, []);
      continue;
    }
    const p = syntheticPerson(1, i);
    const face = i < FACE_FROM ? undefined : noFace(i) ? new Float32Array(FACE_FLOATS) : faceAt(i);
    rec.addFrame(i * FRAME_MS, [{ ...p, ...(withFace && face ? { faceKeypoints: face } : {}) }]);
  }
  rec.stop();
  return rec;
}

describe('face keypoints in recordings', () => {
  it('stores 210 floats per frame, zeros before the first face and where it was lost or the person absent', () => {
    const rec = record(true);
    const clip = rec.clip(1)!;
    expect(clip.faceKeypoints).toBeInstanceOf(Float32Array);
    expect(clip.faceKeypoints).toHaveLength(FRAMES * FACE_FLOATS);
    const row = (i: number) => Array.from(clip.faceKeypoints!.subarray(i * FACE_FLOATS, (i + 1) * FACE_FLOATS));
    const zeros = new Array(FACE_FLOATS).fill(0);
    for (let i = 0; i < FRAMES; i++) {
      if (i < FACE_FROM || noFace(i) || absent(i)) expect(row(i), `frame ${i}`).toEqual(zeros);
      else expect(row(i), `frame ${i}`).toEqual(Array.from(faceAt(i)));
    }
    expect(clipByteLength(clip)).toBe(clipByteLength(record(false).clip(1)!) + FRAMES * FACE_FLOATS * 4);
  });

  it('costs nothing with faces off, and whole chunks with faces on', () => {
    const off = record(false);
    expect(off.clip(1)!.faceKeypoints).toBeUndefined();
    const on = record(true);
    const chunks = Math.ceil(FRAMES / CHUNK_FRAMES);
    expect(on.byteLength - off.byteLength).toBe(chunks * CHUNK_FRAMES * FACE_FLOATS * 4);
  });

  it('OpenPose JSON: 70 x, y, c triples, zeros where the face was lost, [] with faces off', () => {
    const clip = record(true).clip(1)!;
    const f5 = openPoseFrame([clip], 5).people[0];
    expect(f5.face_keypoints_2d).toHaveLength(210);
    // Rounded to 1/1000 px and 1e-6, as the body keypoints are.
    expect(f5.face_keypoints_2d.slice(0, 3)).toEqual([405.123, 295, 0.95]);
    expect(f5.face_keypoints_2d.slice(3 * 69, 3 * 70)).toEqual([474.123, 433, 0.95]);
    expect(openPoseFrame([clip], 7).people[0].face_keypoints_2d).toEqual(new Array(210).fill(0));
    expect(openPoseFrame([clip], 20).people).toEqual([]);
    expect(f5.face_keypoints_3d).toEqual([]);
    const off = openPoseFrame([record(false).clip(1)!], 5).people[0];
    expect(off.face_keypoints_2d).toEqual([]);
  });

  it("end to end: a face mesh's 70 points come out of the zip as they went in", () => {
    const mesh: number[] = JSON.parse(readFileSync(new URL('../face/fixtures/canonical-face-mesh.json', import.meta.url), 'utf8')).landmarks;
    const points = openPoseFaceFromMesh(mesh, 0.875);
    const rec = createRecorder();
    rec.start();
    rec.addFrame(0, [{ ...syntheticPerson(2, 0), faceKeypoints: points }]);
    rec.stop();
    const files = unzipStore(exportOpenPoseZip(rec.clips()).zip);
    const frame = JSON.parse(new TextDecoder().decode(files[0].data)) as OpenPoseFrame;
    const face = frame.people[0].face_keypoints_2d;
    expect(face).toHaveLength(210);
    for (let k = 0; k < 210; k++) expect(face[k]).toBeCloseTo(points[k], 3);
  });

  it('memory: about 1 MiB per person per minute at 30 fps, under 5 MiB with fingers, hands and face', () => {
    /** A minute at a webcam's 30 fps. */
    const MINUTE_FRAMES = 60 * 30;
    const MIB = 1024 * 1024;
    const minute = (full: boolean) => {
      const rec = createRecorder(full ? { bones: RECORDED_BODY_AND_FINGER_BONES } : {});
      rec.start();
      const hands = new Float32Array(HAND_FLOATS).fill(1);
      const face = new Float32Array(FACE_FLOATS).fill(1);
      const expressions = { blink: 0, blinkLeft: 0, blinkRight: 0, aa: 0, ih: 0, ou: 0, ee: 0, oh: 0 };
      const p = syntheticPerson(1, 0);
      for (let i = 0; i < MINUTE_FRAMES; i++) {
        rec.addFrame(i * FRAME_MS, [full ? { ...p, handKeypoints: hands, faceKeypoints: face, expressions } : p]);
      }
      return rec.byteLength / MIB;
    };
    // Measured 1.15 MiB (body) and 4.78 MiB (all on; face keypoints alone 1.64 MiB): storage is allocated
    // in 1024-frame chunks, so a minute holds 2048 rows.
    expect(minute(false)).toBeGreaterThan(0.9);
    expect(minute(false)).toBeLessThan(1.25);
    expect(minute(true)).toBeLessThan(5);
  });
});
