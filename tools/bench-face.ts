/**
 * What face tracking costs per person: crop sampling + facemesh inference (onnxruntime-web WASM, the
 * browser worker's backend, in Node) + the iris model (both eyes of every face in one batched run, when
 * models/iris.onnx is there) + features (head rotation, blinks, visemes, gaze, smoothing), for 1 and 4
 * faces per frame. The faces are real: the body keypoints of a shared photo, each person's crop run as the
 * worker would (4 faces = the photo's face crop 4 times, so every row times the same work per face).
 * `npx tsx tools/bench-face.ts` prints it alone; `benchFace()` returns the lines for `npm run bench`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FaceFeatureSmoother } from '../src/face/face-features';
import { IrisEngine, type FaceIris } from '../src/face/iris';
import { decodeImage } from './eval/image-io';
import { fmt, median, table } from './bench/stats';
import { createNodeFaceEngine, isFaceModelInstalled } from './face-node-engine';
import { createNodeEngine, loadOrt, MODELS_DIR, REPO_ROOT } from './node-engine';

/** The iris model (optional: without it the iris column says so and faces are facemesh-only). */
const IRIS_MODEL_PATH = join(MODELS_DIR, 'iris.onnx');

export const FACE_BENCH_PEOPLE = [1, 4] as const;
/** A frontal face of 134 px in a 640×480 photo (webcam-like framing). */
export const FACE_BENCH_IMAGE = 'images/openpose/COCO_val2014_000000000459.jpg';
const RUNS = Number(process.env.BENCH_RUNS ?? 20);

export async function benchFace(): Promise<string[]> {
  if (!isFaceModelInstalled()) return ['face: models/facemesh.onnx is missing (npm install converts it) — skipped'];
  const path = join(REPO_ROOT, '..', 'shared', 'assets', FACE_BENCH_IMAGE);
  const img = decodeImage(new Uint8Array(readFileSync(path)), path);
  const pose = await createNodeEngine({ backend: 'wasm' });
  const face = await createNodeFaceEngine({ backend: 'wasm' });
  const iris = existsSync(IRIS_MODEL_PATH) ? await IrisEngine.create(await loadOrt('wasm'), new Uint8Array(readFileSync(IRIS_MODEL_PATH))) : null;
  try {
    const frame = await pose.estimateRgba(img.data, img.width, img.height);
    const crops = face.cropsFor(frame.people);
    if (crops.length === 0) return [`face: no eligible face in ${FACE_BENCH_IMAGE}`];
    const rows: string[][] = [];
    for (const n of FACE_BENCH_PEOPLE) {
      const batch = Array.from({ length: n }, () => crops[0]);
      const smoothers = batch.map(() => new FaceFeatureSmoother());
      const crop: number[] = [];
      const infer: number[] = [];
      const irisMs: number[] = [];
      const feat: number[] = [];
      const total: number[] = [];
      for (let r = -2; r < RUNS; r++) {
        const t0 = performance.now();
        const out = await face.estimateCrops(img.data, img.width, img.height, batch);
        const ti = performance.now();
        const eyes: (FaceIris | undefined)[] = iris ? (await iris.estimate(img.data, img.width, img.height, out.faces)).eyes : [];
        const t1 = performance.now();
        out.faces.forEach((f, i) => smoothers[i].update(f.landmarks, r * 33, undefined, eyes[i]));
        const t2 = performance.now();
        if (r < 0) continue; // warm-up
        crop.push(out.timings.cropMs / n);
        infer.push(out.timings.inferenceMs / n);
        irisMs.push((t1 - ti) / n);
        feat.push((t2 - t1) / n);
        total.push((t2 - t0) / n);
      }
      const irisCell = iris ? fmt(median(irisMs), 1) : 'no model';
      rows.push([String(n), fmt(median(crop)), fmt(median(infer), 1), irisCell, fmt(median(feat), 3), fmt(median(total), 1), fmt(median(total) * n, 1), String(RUNS)]);
    }
    return [
      `## Face per person (facemesh 192×192 + iris 64×64 × 2 eyes in one batch, WASM, ${FACE_BENCH_IMAGE}, face ${crops[0].faceSize.toFixed(0)} px; medians)`,
      ...table(['faces', 'crop ms', 'inference ms', 'iris ms (2 eyes)', 'features ms', 'ms per person', 'ms per frame', 'runs'], rows),
    ];
  } finally {
    await face.dispose();
    await iris?.dispose();
    await pose.dispose();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchFace()
    .then((lines) => console.log(lines.join('\n')))
    .catch((e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    });
}
