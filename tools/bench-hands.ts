/**
 * Hand landmark cost per person (both hands: crop sampling + inference + mapping back) for 1, 2 and 4
 * people, lite and full models, onnxruntime-web WASM with one thread (what the browser worker runs on
 * 2 cores) on the 1280×720 bench photo. Each count runs twice: all crops of the frame in one batched run
 * (what the app does: the converted models have a dynamic batch axis) and one run per crop.
 * Measured on a 2-core EPYC, best runs: lite ~51 and full ~95 ms/person either way — on one WASM thread
 * batching saves nothing measurable, because onnxruntime's CPU Conv runs a batch's images one after
 * another and a run's fixed cost is well under a millisecond. `npx tsx tools/bench-hands.ts` prints it
 * alone; `benchHands()` returns the lines for `npm run bench`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HandLandmarkEngine } from '../src/hands/hand-landmark-engine';
import { KEYPOINT, KEYPOINT_NAMES } from '../src/pose/schema';
import type { Person } from '../src/pose/types';
import { cameraFrame } from './bench/frames';
import { fmt, median, table } from './bench/stats';
import { loadOrt, MODELS_DIR } from './node-engine';

export const HAND_BENCH_PEOPLE = [1, 2, 4] as const;
/** Batched (one run per frame, the app's path) and looped (one run per crop) inference. */
const BATCHING_MODES = ['batch', 'loop'] as const;
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
/** Untimed runs per engine first: session warm-up (first-run allocations, WASM tier-up). */
const WARMUP_RUNS = 2;

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
      rows.push([model, '-', 'model not installed (npm install converts it)', '', '', '', '', '']);
      continue;
    }
    const bytes = new Uint8Array(readFileSync(file));
    // Keep every hand that is cropped, and every person: the bench measures the full cost.
    const engines = await Promise.all(BATCHING_MODES.map((batching) => HandLandmarkEngine.create(ort, bytes, { crop: { maxPeople: Infinity }, minPresence: 0, batching })));
    for (const n of HAND_BENCH_PEOPLE) {
      const ppl = people(n, frame.width);
      type Parts = { total: number[]; cropMs: number[]; inferenceMs: number[]; mapMs: number[] };
      const parts: Parts[] = engines.map(() => ({ total: [], cropMs: [], inferenceMs: [], mapMs: [] }));
      // Batched and looped runs alternate, so a busy machine slows both alike and the ratio holds.
      for (let r = -WARMUP_RUNS; r < RUNS; r++) {
        for (const [i, engine] of engines.entries()) {
          const t0 = performance.now();
          const f = await engine.estimate(frame.data, frame.width, frame.height, ppl);
          const ms = performance.now() - t0;
          if (f.crops !== 2 * n) throw new Error(`expected ${2 * n} crops, got ${f.crops}`);
          if (r < 0) continue;
          parts[i].total.push(ms);
          parts[i].cropMs.push(f.timings.cropMs);
          parts[i].inferenceMs.push(f.timings.inferenceMs);
          parts[i].mapMs.push(f.timings.mapMs);
        }
      }
      engines.forEach((engine, i) => {
        const p = parts[i];
        const runs = engine.batched ? `1 run of ${2 * n} crops` : `${2 * n} runs of 1 crop`;
        rows.push([model, String(n), runs, fmt(median(p.total) / n, 1), fmt(Math.min(...p.total) / n, 1), fmt(median(p.cropMs) / n), fmt(median(p.inferenceMs) / n, 1), fmt(median(p.mapMs) / n, 3)]);
      });
    }
    for (const engine of engines) await engine.dispose();
  }
  // The best run beside the median: on a shared machine the median of either mode can catch a busy spell.
  lines.push(...table(['model', 'people', 'inference runs', 'ms/person', 'best ms/person', 'crop ms/person', 'inference ms/person', 'map ms/person'], rows));
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
