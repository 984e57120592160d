/**
 * Identity tracker cost per frame against the number of people (synthetic people walking, all
 * tracked and matched every frame: the steady state). `npx tsx tools/bench-track.ts` prints it alone;
 * `benchTrack()` returns the lines for `npm run bench`.
 */
import { fileURLToPath } from 'node:url';
import { KEYPOINT_NAMES } from '../src/pose/schema';
import type { Person } from '../src/pose/types';
import { createTracker } from '../src/track/tracker';
import { fmt, median, table } from './bench/stats';

export const TRACK_PEOPLE_COUNTS = [1, 6, 20] as const;
/** Frames per timed run: enough that one run is well above the timer's resolution. */
const FRAMES = 300;
const RUNS = 15;
const FRAME_MS = 1000 / 30;

/** A figure facing the camera (COCO-18 offsets in body heights from the feet), walking with swinging limbs. */
const BODY = [
  [0, -0.92], [0, -0.82], [-0.11, -0.81], [-0.14, -0.65], [-0.15, -0.5], [0.11, -0.81], [0.14, -0.65], [0.15, -0.5],
  [-0.06, -0.5], [-0.06, -0.27], [-0.06, -0.03], [0.06, -0.5], [0.06, -0.27], [0.06, -0.03],
  [-0.02, -0.94], [0.02, -0.94], [-0.045, -0.93], [0.045, -0.93],
] as const;
const SWING = [0, 0, 0, 0.04, 0.08, 0, -0.04, -0.08, 0, -0.04, -0.08, 0, 0.04, 0.08, 0, 0, 0, 0];

/** Precomputes every frame's detections so the timing covers the tracker only. */
function scene(people: number): Person[][] {
  const cols = Math.ceil(Math.sqrt(people * 2));
  const frames: Person[][] = [];
  for (let f = 0; f < FRAMES; f++) {
    const frame: Person[] = [];
    for (let i = 0; i < people; i++) {
      const c = i % cols, r = Math.floor(i / cols);
      const h = 160 + 10 * r;
      const x = 80 + c * 110 + 40 * Math.sin(f / 40 + i), y = 200 + r * 200;
      const s = Math.sin(f * 0.4 + i);
      frame.push({
        keypoints: KEYPOINT_NAMES.map((name, k) => ({ name, x: x + (BODY[k][0] + SWING[k] * s) * h, y: y + BODY[k][1] * h, score: 0.8 })),
        score: 0.8,
        partCount: 18,
        affinity: 14,
      });
    }
    frames.push(frame);
  }
  return frames;
}

export interface TrackBenchRow {
  people: number;
  /** Median over runs of the mean update time per frame, ms. */
  ms: number;
  /** Confirmed tracks at the end of a run (should equal `people`). */
  tracked: number;
}

export async function benchTrackRows(): Promise<TrackBenchRow[]> {
  const rows: TrackBenchRow[] = [];
  for (const n of TRACK_PEOPLE_COUNTS) {
    const frames = scene(n);
    const times: number[] = [];
    let tracked = 0;
    for (let run = -2; run < RUNS; run++) { // two warm-up runs for the JIT
      const tracker = createTracker();
      const t0 = performance.now();
      for (let f = 0; f < FRAMES; f++) tracked = tracker.update(frames[f], f * FRAME_MS).length;
      if (run >= 0) times.push((performance.now() - t0) / FRAMES);
      await Promise.resolve();
    }
    rows.push({ people: n, ms: median(times), tracked });
  }
  return rows;
}

/** Lines to print: tracker update cost per frame for 1, 6 and 20 people. */
export async function benchTrack(): Promise<string[]> {
  const rows = await benchTrackRows();
  return [
    `## Identity tracker update per frame (synthetic walkers, ${FRAMES} frames × ${RUNS} runs, median of run means)`,
    ...table(
      ['people', 'tracked', 'update ms/frame'],
      rows.map((r) => [String(r.people), String(r.tracked), fmt(r.ms, 4)]),
    ),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchTrack().then(
    (lines) => console.log(lines.join('\n')),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
