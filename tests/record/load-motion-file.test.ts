import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Object3D, Quaternion, Scene } from 'three';
import { GLTFExporter } from 'three/examples/jsm/exporters/GLTFExporter.js';
import { withFileReader } from '../../src/record/file-reader-fallback';
import { isMotionFileError, type MotionFileErrorCode } from '../../src/record/motion-file-error';
import { loadMotionFile } from '../../src/record/load-motion-file';
import { exportVrma } from '../../src/record/vrma-export';
import { createRecorder } from '../../src/record/recorder';
import { restSkeletonFromVrm } from '../../src/record/rest-skeleton';
import { syntheticPerson } from './synthetic';
import { avatar, CRYPTO_VRM0, ROBOT_VRM1, samplePose, VRMA_DIR } from './vrm-helpers';

const bytes = (path: string): ArrayBuffer => {
  const b = readFileSync(path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

async function expectMotionError(p: Promise<unknown>, code: MotionFileErrorCode, message: RegExp): Promise<void> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(isMotionFileError(e), `expected a MotionFileError, got ${String(e)}`).toBe(true);
  expect((e as { code: string }).code).toBe(code);
  expect((e as Error).message).toMatch(message);
}

describe('loadMotionFile', () => {
  const shared = readdirSync(VRMA_DIR).filter((f) => f.endsWith('.vrma')).sort();

  it('finds the shared clips', () => {
    expect(shared).toEqual(['hips_spine_twisting.vrma', 'nop.vrma', 'three-vrm_idle_loop.vrma', 'three-vrm_test.vrma']);
  });

  it.each(shared)('loads and plays ../shared/assets/vrma/%s on VRM 1.0 and 0.x avatars', async (file) => {
    const motion = await loadMotionFile(bytes(resolve(VRMA_DIR, file)), file);
    expect(motion.format).toBe('vrma');
    expect(motion.isStatic).toBe(file === 'nop.vrma'); // nop.vrma: one key per bone, duration 0 — a still pose
    for (const path of [ROBOT_VRM1, CRYPTO_VRM0]) {
      const vrm = await avatar(path);
      const clip = motion.clipFor(vrm);
      expect(clip.tracks.length).toBeGreaterThan(0);
      let moved = 0;
      samplePose(vrm, clip, Array.from({ length: 13 }, (_, k) => (k * motion.duration) / 12), () => {
        for (const b of ['hips', 'spine', 'leftUpperArm', 'rightUpperArm', 'head'] as const) {
          const q = vrm.humanoid.getNormalizedBoneNode(b)!.quaternion;
          expect([q.x, q.y, q.z, q.w].every(Number.isFinite)).toBe(true);
          moved = Math.max(moved, q.angleTo(new Quaternion()));
        }
        const hips = vrm.humanoid.getNormalizedBoneNode('hips')!.position;
        expect(hips.length()).toBeLessThan(3); // no exploded hips translation
      });
      if (!motion.isStatic) expect(moved).toBeGreaterThan(0.01);
    }
  });

  it('reads .vrma given as a typed-array view', async () => {
    const vrm = await avatar(ROBOT_VRM1);
    const rec = createRecorder();
    rec.start();
    for (let i = 0; i < 5; i++) rec.addFrame(i * 33, [syntheticPerson(1, i)]);
    const out = await exportVrma(rec.clip(1)!, restSkeletonFromVrm(vrm));
    const padded = new Uint8Array(out.length + 8);
    padded.set(out, 4);
    const motion = await loadMotionFile(padded.subarray(4, 4 + out.length), 'x.vrma');
    expect(motion.duration).toBeCloseTo(4 * 0.033, 5);
  });

  it('gives clear typed errors for corrupt, empty and unknown files', async () => {
    await expectMotionError(loadMotionFile(new ArrayBuffer(0), 'a.vrma'), 'empty-file', /a\.vrma: the file is empty/);
    await expectMotionError(loadMotionFile(new TextEncoder().encode('hello').buffer, 'a.vrma'), 'not-vrma', /^not a VRM Animation \(\.vrma\) file: a\.vrma/);
    // Valid GLB header, garbage after it.
    const real = new Uint8Array(bytes(resolve(VRMA_DIR, 'three-vrm_test.vrma')));
    const truncated = real.slice(0, 200);
    await expectMotionError(loadMotionFile(truncated.buffer, 'cut.vrma'), 'vrma-parse', /^not a VRM Animation \(\.vrma\) file: cut\.vrma could not be read as glTF/);
    // A valid glTF that is not a VRM Animation.
    const plain = new Scene();
    plain.add(new Object3D());
    const glb = (await withFileReader(() => new GLTFExporter().parseAsync(plain, { binary: true }))) as ArrayBuffer;
    await expectMotionError(loadMotionFile(glb, 'model.vrma'), 'not-vrma', /model\.vrma is glTF but has no VRMC_vrm_animation/);
    await expectMotionError(loadMotionFile('not a bvh', 'x.bvh'), 'bvh-parse', /^BVH parse error at line 1: expected "HIERARCHY"/);
    await expectMotionError(
      loadMotionFile('HIERARCHY\nROOT Hips\n{\n OFFSET 0 0 x\n', 'bad.bvh'),
      'bvh-parse',
      /^BVH parse error in bad\.bvh: .*number.*"x"/,
    );
    const cmu = readFileSync(resolve(VRMA_DIR, '../motion/cmu_131_01.bvh'), 'utf8');
    await expectMotionError(loadMotionFile(cmu.slice(0, cmu.length / 2), 'half.bvh'), 'bvh-parse', /BVH parse error in half\.bvh: motion has/);
    await expectMotionError(
      loadMotionFile('HIERARCHY\nROOT Root\n{\n OFFSET 0 0 0\n CHANNELS 3 Xrotation Yrotation Zrotation\n End Site\n {\n OFFSET 0 1 0\n }\n}\nMOTION\nFrames: 1\nFrame Time: 0.1\n0 0 0\n', 'stick.bvh'),
      'bvh-unknown-skeleton',
      /stick\.bvh: the BVH skeleton is not one this app can map/,
    );
    await expectMotionError(loadMotionFile('just text', 'notes.txt'), 'unknown-format', /notes\.txt: not a motion file/);
  });
});
