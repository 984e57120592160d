import { describe, expect, it } from 'vitest';
import { RECORDED_BODY_BONES } from '../../src/record/bones';
import { ChunkedStore } from '../../src/record/chunked-store';
import { clipByteLength, presentFrameCount } from '../../src/record/clip';
import { createRecorder } from '../../src/record/recorder';
import { FRAME_MS, syntheticPerson } from './synthetic';

describe('ChunkedStore', () => {
  it('stores rows across chunks and copies them out contiguously', () => {
    const s = new ChunkedStore(Float32Array, 3, 4);
    for (let r = 0; r < 10; r++) {
      const row = s.pushRow();
      s.chunk(row).set([r, r + 0.5, -r], s.offset(row));
    }
    expect(s.length).toBe(10);
    expect(s.byteLength).toBe(3 * 4 * 3 * 4); // 3 chunks of 4 rows × 3 floats
    const a = s.toArray(2, 7);
    expect(Array.from(a)).toEqual([2, 2.5, -2, 3, 3.5, -3, 4, 4.5, -4, 5, 5.5, -5, 6, 6.5, -6]);
  });
});

describe('Recorder', () => {
  it('records every frame per person, with timer and frame count', () => {
    const rec = createRecorder({ chunkFrames: 16 });
    expect(rec.addFrame(0, [])).toBe(false);
    rec.start();
    for (let i = 0; i < 50; i++) expect(rec.addFrame(1000 + i * FRAME_MS, [syntheticPerson(7, i)])).toBe(true);
    expect(rec.frameCount).toBe(50);
    expect(rec.elapsedMs).toBeCloseTo(49 * FRAME_MS, 6);
    rec.stop();
    const clip = rec.clip(7)!;
    expect(clip.frameCount).toBe(50);
    expect(clip.startFrame).toBe(0);
    expect(clip.boneNames).toEqual(RECORDED_BODY_BONES);
    expect(clip.timesMs[0]).toBe(0);
    expect(clip.timesMs[49]).toBeCloseTo(49 * FRAME_MS, 6);
    const p = syntheticPerson(7, 33);
    const q = p.rotations.leftUpperArm!;
    const b = RECORDED_BODY_BONES.indexOf('leftUpperArm');
    const o = (33 * RECORDED_BODY_BONES.length + b) * 4;
    for (let k = 0; k < 4; k++) expect(clip.rotations[o + k]).toBeCloseTo(q[k], 6);
    expect(clip.hips[33 * 3 + 1]).toBeCloseTo(p.hipsPosition[1], 6);
    expect(clip.keypoints[33 * 54]).toBeCloseTo((p.keypoints as Float32Array)[0], 4);
    expect(Object.isFrozen(clip)).toBe(true);
    expect(rec.clip(99)).toBeNull();
    expect(rec.rejectedFrames['not-recording']).toBe(0); // reset by start()
  });

  it('gives each identity its own track and marks gaps absent, holding the last pose', () => {
    const rec = createRecorder();
    rec.start();
    // Person 1: frames 0-9 and 20-29. Person 2: frames 5-14. Frames 15-19 have nobody.
    for (let i = 0; i < 30; i++) {
      const people = [];
      if (i < 10 || i >= 20) people.push(syntheticPerson(1, i));
      if (i >= 5 && i < 15) people.push(syntheticPerson(2, i));
      rec.addFrame(i * FRAME_MS, people);
    }
    rec.stop();
    expect(rec.frameCount).toBe(30);
    expect(rec.personIds()).toEqual([1, 2]);
    const a = rec.clip(1)!;
    const b = rec.clip(2)!;
    expect([a.startFrame, a.frameCount, presentFrameCount(a)]).toEqual([0, 30, 20]);
    expect([b.startFrame, b.frameCount, presentFrameCount(b)]).toEqual([5, 10, 10]);
    expect(b.timesMs[0]).toBeCloseTo(5 * FRAME_MS, 9);
    expect(a.present[12]).toBe(0);
    const stride = RECORDED_BODY_BONES.length * 4;
    // Absent frames hold frame 9's rotations and hips; keypoints are zero.
    expect(Array.from(a.rotations.subarray(15 * stride, 16 * stride))).toEqual(Array.from(a.rotations.subarray(9 * stride, 10 * stride)));
    expect(Array.from(a.hips.subarray(45, 48))).toEqual(Array.from(a.hips.subarray(27, 30)));
    expect(a.keypoints.subarray(15 * 54, 16 * 54).every((v) => v === 0)).toBe(true);
    expect(a.present[20]).toBe(1);
  });

  it('refuses non-increasing timestamps and counts them', () => {
    const rec = createRecorder();
    rec.start();
    expect(rec.addFrame(10, [])).toBe(true);
    expect(rec.addFrame(10, [])).toBe(false);
    expect(rec.addFrame(5, [])).toBe(false);
    expect(rec.addFrame(NaN, [])).toBe(false);
    expect(rec.frameCount).toBe(1);
    expect(rec.rejectedFrames['non-increasing-timestamp']).toBe(3);
  });

  it('stores expressions, zero before they first appear', () => {
    const rec = createRecorder();
    rec.start();
    for (let i = 0; i < 5; i++) rec.addFrame(i * FRAME_MS, [{ ...syntheticPerson(1, i), expressions: i >= 2 ? { happy: i / 10, 'my face': 0.5 } : undefined }]);
    const clip = rec.clip(1)!;
    expect(Array.from(clip.expressions.get('happy')!)).toEqual([0, 0, 0.2, 0.3, 0.4].map((v) => Math.fround(v)));
    expect(clip.expressions.get('my face')![4]).toBe(0.5);
  });

  it('uses about 0.6 KB per person per frame', () => {
    const rec = createRecorder();
    rec.start();
    const frames = 1800; // one minute at 30 fps
    for (let i = 0; i < frames; i++) rec.addFrame(i * FRAME_MS, [syntheticPerson(1, i)]);
    const perFrame = (22 * 4 + 3 + 54) * 4 + 1; // rotations + hips + keypoints (float32) + presence
    expect(clipByteLength(rec.clip(1)!)).toBe(frames * (perFrame + 8));
    // Chunked storage: at most one partly used chunk per store on top of the exact size.
    expect(rec.byteLength).toBeLessThanOrEqual(frames * (perFrame + 8) + 1024 * (perFrame + 8));
  });
});
