/**
 * Recording/export benchmark: addFrame cost, storage per minute, and export time for 1- and
 * 10-minute clips per format (VRMA, BVH, OpenPose zip). Synthetic 30 fps data, 2 people.
 * Run alone: `npx tsx tools/bench-record.ts`; or import {@link benchRecord}.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { exportBvh } from '../src/record/bvh-export';
import { clipByteLength } from '../src/record/clip';
import { exportOpenPoseZip } from '../src/record/openpose-json';
import { createRecorder, type Recorder } from '../src/record/recorder';
import type { RestSkeleton } from '../src/record/rest-skeleton';
import { exportVrma } from '../src/record/vrma-export';
import type { PersonFrameInput } from '../src/record/types';
import { RECORDED_BODY_BONES } from '../src/record/bones';

const FPS = 30;
const PEOPLE = 2;

/** A plausible adult rest skeleton (metres, VRM 1.0 orientation): no avatar file needed. */
const REST: RestSkeleton = {
  positions: {
    hips: [0, 0.95, 0], spine: [0, 1.05, 0], chest: [0, 1.2, 0], upperChest: [0, 1.32, 0], neck: [0, 1.45, 0], head: [0, 1.55, 0],
    leftShoulder: [0.03, 1.4, 0], leftUpperArm: [0.17, 1.4, 0], leftLowerArm: [0.45, 1.4, 0], leftHand: [0.7, 1.4, 0],
    rightShoulder: [-0.03, 1.4, 0], rightUpperArm: [-0.17, 1.4, 0], rightLowerArm: [-0.45, 1.4, 0], rightHand: [-0.7, 1.4, 0],
    leftUpperLeg: [0.09, 0.9, 0], leftLowerLeg: [0.09, 0.5, 0], leftFoot: [0.09, 0.08, 0], leftToes: [0.09, 0.02, 0.12],
    rightUpperLeg: [-0.09, 0.9, 0], rightLowerLeg: [-0.09, 0.5, 0], rightFoot: [-0.09, 0.08, 0], rightToes: [-0.09, 0.02, 0.12],
  },
};

/** Pre-built inputs (reused, so the bench measures the recorder, not input generation). */
function makeInputs(): PersonFrameInput[][] {
  const variants = 64;
  const out: PersonFrameInput[][] = [];
  for (let v = 0; v < variants; v++) {
    const people: PersonFrameInput[] = [];
    for (let p = 0; p < PEOPLE; p++) {
      const rotations: Record<string, [number, number, number, number]> = {};
      RECORDED_BODY_BONES.forEach((b, i) => {
        const a = 0.3 * Math.sin(v / 5 + i + p);
        rotations[b] = [Math.sin(a / 2), 0, 0, Math.cos(a / 2)];
      });
      const kp = new Float32Array(54).map((_, k) => (k % 3 === 2 ? 0.8 : 100 + k + v));
      people.push({ id: p + 1, rotations, hipsPosition: [0, 0.95, v / 100], keypoints: kp });
    }
    out.push(people);
  }
  return out;
}

function record(frames: number, inputs: PersonFrameInput[][]): { rec: Recorder; msPerFrame: number } {
  const rec = createRecorder();
  rec.start();
  const t0 = performance.now();
  for (let i = 0; i < frames; i++) rec.addFrame((i * 1000) / FPS, inputs[i % inputs.length]);
  const msPerFrame = (performance.now() - t0) / frames;
  rec.stop();
  return { rec, msPerFrame };
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(2)} MiB`;

async function time<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

/** Runs the benchmark; returns report lines. */
export async function benchRecord(): Promise<string[]> {
  const lines: string[] = [];
  const inputs = makeInputs();
  for (const minutes of [1, 10]) {
    const frames = minutes * 60 * FPS;
    const heap0 = process.memoryUsage().heapUsed;
    const { rec, msPerFrame } = record(frames, inputs);
    const clips = rec.clips();
    lines.push(
      `record ${minutes} min × ${PEOPLE} people (${frames} frames): addFrame ${(msPerFrame * 1000).toFixed(1)} µs/frame, ` +
        `storage ${mb(rec.byteLength)} (${mb(clipByteLength(clips[0]) / minutes)} per person-minute, clips ${mb(clips.reduce((n, c) => n + clipByteLength(c), 0))})`,
    );
    const [vrma, tVrma] = await time(() => exportVrma(clips[0], REST));
    const [bvh, tBvh] = await time(() => exportBvh(clips[0], REST));
    const [op, tOp] = await time(() => exportOpenPoseZip(clips));
    const heap1 = process.memoryUsage().heapUsed;
    lines.push(
      `  export per person: vrma ${tVrma.toFixed(0)} ms (${mb(vrma.length)}), bvh ${tBvh.toFixed(0)} ms (${mb(bvh.text.length)}, ${bvh.frameCount} frames); ` +
        `openpose zip, all people: ${tOp.toFixed(0)} ms (${mb(op.zip.length)}, ${op.frameCount} files); heap +${mb(heap1 - heap0)}`,
    );
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await benchRecord()) process.stdout.write(`${line}\n`);
}
