/**
 * Hand landmark cost per person (both hands: crop sampling + inference + mapping back) for 1 and 4
 * people, lite and full models, onnxruntime-web WASM with one thread (what the browser worker runs on
 * 2 cores) on the 1280×720 bench photo. The models' batch dim is fixed at 1, so crops run one by one and
 * the cost is linear in hands. `npx tsx tools/bench-hands.ts` prints it alone; `benchHands()` returns
 * the lines for `npm run bench`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HandLandmarkEngine } from '../src/hands/hand-landmark-engine';
import { KEYPOINT, KEYPOINT_NAMES } from '../src/pose/schema';
import type { Person } from '../src/pose/types';
import { cameraFrame } from './bench/frames';
import { fmt, median, table, timeRuns } from './bench/stats';
import { loadOrt, MODELS_DIR } from './node-engine';

export const HAND_BENCH_PEOPLE = [1, 4] as const;
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

/** `count` people side by side across a 1280×720 frame, arms down and out: both hands eligible (~110 px boxes). */
function people(count: number, width: number): Person[] {
  return Array.from({ length: count }, (_, i) => {
    const cx = ((i + 0.5) * width) / count;
    const keypoints = KEYPOINT_NAMES.map((name) => ({ name, x: 0, y: 0, score: 0 }));
    const set = (n: (typeof KEYPOINT_NAMES)[number], x: number, y: number) => Object.assign(keypoints[KEYPOINT[n]], { x: cx + x, y, score: 0.8 });
    set('leftShoulder', 60, 250); set('leftElbow', 90, 350); set('leftWrist', 105, 420);
    set('rightShoulder', -60, 250); set('rightElbow', -90, 350); set('rightWrist', -105, 420);
    return { keypoints, score: 0.8, partCount: 6, affinity: 6 };
  });
}

export async function benchHands(): Promise<string[]> {
  const lines = [`\n## Hands: ms per person (2 hand crops: crop + inference + mapping), onnxruntime-web WASM 1 thread, median of ${RUNS}`];
  const frame = cameraFrame();
  const ort = await loadOrt('wasm', 1);
  const rows: string[][] = [];
  for (const model of ['lite', 'full'] as const) {
    const file = join(MODELS_DIR, `handlandmark-${model}.onnx`);
    if (!existsSync(file)) {
      rows.push([model, '-', 'model not installed (npm install converts it)', '', '', '', '']);
      continue;
    }
    // Keep every hand that is cropped, and every person: the bench measures the full cost.
    const engine = await HandLandmarkEngine.create(ort, new Uint8Array(readFileSync(file)), { crop: { maxPeople: Infinity }, minPresence: 0 });
    for (const n of HAND_BENCH_PEOPLE) {
      const ppl = people(n, frame.width);
      const parts = { cropMs: [] as number[], inferenceMs: [] as number[], mapMs: [] as number[] };
      const total = await timeRuns(async () => {
        const f = await engine.estimate(frame.data, frame.width, frame.height, ppl);
        if (f.crops !== 2 * n) throw new Error(`expected ${2 * n} crops, got ${f.crops}`);
        parts.cropMs.push(f.timings.cropMs);
        parts.inferenceMs.push(f.timings.inferenceMs);
        parts.mapMs.push(f.timings.mapMs);
      }, RUNS, 2);
      rows.push([model, String(n), fmt(median(total) / n, 1), fmt(median(parts.cropMs) / n), fmt(median(parts.inferenceMs) / n, 1), fmt(median(parts.mapMs) / n, 3), engine.batched ? 'batched' : 'one run per crop']);
    }
    await engine.dispose();
  }
  lines.push(...table(['model', 'people', 'ms/person', 'crop ms/person', 'inference ms/person', 'map ms/person', 'runs'], rows));
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchHands().then(
    (lines) => console.log(lines.join('\n')),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
