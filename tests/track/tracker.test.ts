/** Identity tracker on synthetic people: crossing, appearance, loss, one-to-one, crowds, bad input. */
import { describe, expect, it } from 'vitest';
import { KEYPOINT } from '../../src/pose/schema';
import type { Person } from '../../src/pose/types';
import { createTracker, DEFAULT_TRACKER_OPTIONS, trackOpacity, type TrackedPerson, type TrackerOptions } from '../../src/track/tracker';
import { ALL_KEYPOINTS, centerX, figure, seededRng } from './synthetic-people';

const FRAME_MS = 1000 / 30;
const { minHits, maxLostMs } = DEFAULT_TRACKER_OPTIONS;

/** Asserts no two returned tracks share a detection and every index is in range. */
function expectOneToOne(out: readonly TrackedPerson<unknown>[], detections: number): void {
  const used = new Set<number>();
  for (const t of out) {
    if (t.detectionIndex < 0) continue;
    expect(t.detectionIndex).toBeLessThan(detections);
    expect(used.has(t.detectionIndex)).toBe(false);
    used.add(t.detectionIndex);
  }
}

interface CrossingOptions {
  frames: number;
  /** Body heights of A (walking right) and B (walking left, behind A). */
  heightA: number;
  heightB: number;
  /** Ground line of B (further away = higher in the image). */
  groundB: number;
  seed: number;
  /** Frame timestamps; default 30 fps. */
  times?: number[];
  /** Whether B is wholly hidden (not detected) at the centre of the crossing. Default true. */
  hideB?: boolean;
}

/**
 * Two people walking toward each other and crossing, B passing behind A: while they overlap B loses
 * its occluded keypoints, A a few random ones, and at the centre only A is detected at all. Detection
 * order is shuffled every frame so the index says nothing about identity.
 */
function* crossing(o: CrossingOptions): Generator<{ people: Person[]; who: ('A' | 'B')[]; t: number }> {
  const rng = seededRng(o.seed);
  for (let f = 0; f < o.frames; f++) {
    const u = f / (o.frames - 1);
    const xA = 80 + 480 * u, xB = 560 - 480 * u;
    const overlap = Math.abs(xA - xB) / Math.max(o.heightA, o.heightB); // in body heights
    const entries: { p: Person; who: 'A' | 'B' }[] = [];
    const missingA = overlap < 0.35 ? [Math.floor(rng() * 18), Math.floor(rng() * 18)] : [];
    entries.push({ p: figure({ x: xA, y: 420, height: o.heightA, phase: f * 0.45, missing: missingA, noise: 1.5, rng }), who: 'A' });
    if (overlap >= 0.1 || o.hideB === false) {
      // Behind A: B's side facing A (its left when approaching from the right) is hidden.
      const missingB = overlap < 0.35 ? [KEYPOINT.leftShoulder, KEYPOINT.leftElbow, KEYPOINT.leftWrist, KEYPOINT.leftHip, KEYPOINT.leftKnee, KEYPOINT.rightWrist] : [];
      entries.push({ p: figure({ x: xB, y: o.groundB, height: o.heightB, phase: f * 0.45 + 1.3, missing: missingB, noise: 1.5, rng }), who: 'B' });
    }
    if (rng() < 0.5) entries.reverse();
    yield { people: entries.map((e) => e.p), who: entries.map((e) => e.who), t: o.times?.[f] ?? f * FRAME_MS };
  }
}

/** Runs a crossing and returns, per person, the ids of the confirmed tracks their detection fed. */
function runCrossing(
  o: CrossingOptions,
  options: Partial<TrackerOptions<undefined>> = {},
): { A: Set<number>; B: Set<number>; confirmed: Set<number>; overlapFrames: number } {
  const tracker = createTracker(options);
  const ids = { A: new Set<number>(), B: new Set<number>() };
  const confirmed = new Set<number>();
  let overlapFrames = 0;
  for (const frame of crossing(o)) {
    const out = tracker.update(frame.people, frame.t);
    expectOneToOne(out, frame.people.length);
    if (frame.people.length < 2) overlapFrames++;
    for (const t of out) {
      if (t.status === 'confirmed') confirmed.add(t.id);
      if (t.detectionIndex >= 0 && t.status === 'confirmed') ids[frame.who[t.detectionIndex]].add(t.id);
    }
  }
  return { ...ids, confirmed, overlapFrames };
}

describe('tracker: two people crossing keep their ids', () => {
  const irregular = (() => {
    const rng = seededRng(99);
    const times: number[] = [];
    let t = 1000;
    for (let f = 0; f < 45; f++) {
      times.push(t);
      t += rng() < 0.2 ? 100 + rng() * 60 : 25 + rng() * 25; // dropped frames among jittery 30 fps
    }
    return times;
  })();

  it.each([
    { name: 'same size, same depth', frames: 60, heightA: 220, heightB: 220, groundB: 420, seed: 1 },
    { name: 'B smaller and further back', frames: 60, heightA: 240, heightB: 190, groundB: 380, seed: 2 },
    { name: 'fast (25 frames)', frames: 25, heightA: 220, heightB: 200, groundB: 410, seed: 3 },
    { name: 'irregular timestamps with dropped frames', frames: 45, heightA: 220, heightB: 220, groundB: 415, seed: 4, times: irregular },
    { name: 'both detected throughout (overlapping skeletons)', frames: 60, heightA: 220, heightB: 220, groundB: 420, seed: 5, hideB: false },
  ])('$name', (o) => {
    const r = runCrossing(o);
    if (o.hideB !== false) expect(r.overlapFrames).toBeGreaterThanOrEqual(1); // B really vanished behind A
    expect(r.A.size).toBe(1);
    expect(r.B.size).toBe(1);
    expect([...r.A][0]).not.toBe([...r.B][0]);
    expect(r.confirmed.size).toBe(2);
  });

  /** Runs 50 seeded crossings; returns how many end with a changed or swapped id. */
  const crossingFailures = (hideB: boolean, options: Partial<TrackerOptions<undefined>> = {}): number => {
    let failures = 0;
    for (let seed = 10; seed < 60; seed++) {
      const o = { frames: 40 + (seed % 20), heightA: 200 + (seed % 5) * 10, heightB: 200, groundB: 420 - (seed % 4) * 10, seed, hideB };
      const r = runCrossing(o, options);
      if (r.A.size !== 1 || r.B.size !== 1 || r.confirmed.size !== 2) failures++;
    }
    return failures;
  };

  it('holds ids over 50 random crossings of each kind', () => {
    expect(crossingFailures(true)).toBe(0);
    expect(crossingFailures(false)).toBe(0);
  });

  it('needs its velocity prediction when both stay detected (control: without it, ids swap)', () => {
    // Measured: 5 of 50 fail with prediction off (damping time ~0), 0 of 50 with it.
    expect(crossingFailures(false, { motion: { dampingMs: 1e-6 } })).toBeGreaterThanOrEqual(3);
  });
});

describe('tracker: lifecycle', () => {
  const person = (f: number, x0 = 200) => figure({ x: x0 + 3 * f, y: 400, height: 200, phase: f * 0.4 });

  it(`confirms a new person on their minHits-th frame (${minHits})`, () => {
    const tracker = createTracker({ includeTentative: true });
    const statuses: string[] = [];
    for (let f = 0; f < minHits + 2; f++) statuses.push(tracker.update([person(f)], f * FRAME_MS).map((t) => t.status).join());
    expect(statuses).toEqual([...Array(minHits - 1).fill('tentative'), 'confirmed', 'confirmed', 'confirmed']);

    const visible = createTracker();
    const counts: number[] = [];
    for (let f = 0; f < 5; f++) counts.push(visible.update([person(f)], f * FRAME_MS).length);
    expect(counts).toEqual([0, 0, 1, 1, 1]);

    const five = createTracker({ minHits: 5 });
    const c5: number[] = [];
    for (let f = 0; f < 6; f++) c5.push(five.update([person(f)], f * FRAME_MS).length);
    expect(c5).toEqual([0, 0, 0, 0, 1, 1]);
  });

  it('drops a tentative track that misses a frame (a ghost)', () => {
    const disposed: number[] = [];
    const tracker = createTracker({ createState: (id) => ({ id }), disposeState: (_s, id) => disposed.push(id) });
    tracker.update([person(0)], 0);
    tracker.update([], FRAME_MS);
    expect(tracker.tracks).toHaveLength(0);
    expect(disposed).toEqual([1]);
  });

  it('lets a lost person linger for maxLostMs with a predicted pose, then disposes their state', () => {
    const created: number[] = [];
    const disposed: { id: number; state: { id: number; filters: string } }[] = [];
    const tracker = createTracker({
      createState: (id) => (created.push(id), { id, filters: `filters of ${id}` }),
      disposeState: (state, id) => disposed.push({ id, state }),
    });
    const STEP = 40; // integer frame times: "now − lastSeen ≤ maxLostMs" is exact
    let f = 0;
    for (; f < 10; f++) tracker.update([person(f)], f * STEP);
    const lastSeen = (f - 1) * STEP;
    const xSeen = centerX(tracker.tracks[0].person);
    const lostFrames: TrackedPerson<{ id: number }>[][] = [];
    for (; (f - 1) * STEP - lastSeen <= maxLostMs + 3 * STEP; f++) lostFrames.push(tracker.update([], f * STEP));

    const lingering = lostFrames.filter((o) => o.length === 1);
    for (const [i, o] of lingering.entries()) {
      expect(o[0].status).toBe('lost');
      expect(o[0].id).toBe(1);
      expect(o[0].lastSeenMs).toBe(lastSeen);
      expect(o[0].detectionIndex).toBe(-1);
      // The person walked right at 3 px/frame: the predicted pose keeps going right, damped.
      expect(centerX(o[0].person)).toBeGreaterThanOrEqual(xSeen);
      expect(trackOpacity(o[0], lastSeen + (i + 1) * STEP)).toBeLessThan(1);
    }
    // Lingers exactly while now − lastSeen ≤ maxLostMs.
    expect(lingering).toHaveLength(Math.floor(maxLostMs / STEP));
    expect(lostFrames.at(-1)).toEqual([]);
    expect(created).toEqual([1]);
    expect(disposed).toEqual([{ id: 1, state: { id: 1, filters: 'filters of 1' } }]);

    // Back after removal: a new identity with a new state.
    const back: TrackedPerson<{ id: number }>[][] = [];
    for (let i = 0; i < minHits; i++, f++) back.push(tracker.update([person(f)], f * STEP));
    expect(back.at(-1)!.map((t) => [t.id, t.status, t.state.id])).toEqual([[2, 'confirmed', 2]]);
    expect(created).toEqual([1, 2]);
  });

  it('keeps the id of a person who is missed for a few frames', () => {
    const tracker = createTracker();
    const ids = new Set<number>();
    for (let f = 0; f < 40; f++) {
      const missed = f >= 15 && f < 15 + Math.floor((0.8 * maxLostMs) / FRAME_MS);
      const out = tracker.update(missed ? [] : [person(f)], f * FRAME_MS);
      for (const t of out) ids.add(t.id);
      if (f === 14 + Math.floor((0.8 * maxLostMs) / FRAME_MS) + 1) expect(out[0].status).toBe('confirmed');
    }
    expect([...ids]).toEqual([1]);
  });

  it('never reuses ids, across reset and a backwards timestamp (which resets)', () => {
    const disposed: number[] = [];
    const tracker = createTracker({ minHits: 1, disposeState: (_s, id) => disposed.push(id) });
    expect(tracker.update([person(0)], 1000).map((t) => t.id)).toEqual([1]);
    tracker.reset();
    expect(disposed).toEqual([1]);
    expect(tracker.tracks).toHaveLength(0);
    expect(tracker.update([person(0)], 0).map((t) => t.id)).toEqual([2]);
    expect(tracker.update([person(1)], 500).map((t) => t.id)).toEqual([2]);
    // A seek back: the old identity cannot continue.
    expect(tracker.update([person(1)], 100).map((t) => t.id)).toEqual([3]);
    expect(disposed).toEqual([1, 2]);
  });
});

describe('tracker: one-to-one, crowds, irregular time', () => {
  it('returns nothing for zero people, and survives many empty frames', () => {
    const tracker = createTracker();
    for (let f = 0; f < 100; f++) expect(tracker.update([], f * FRAME_MS)).toEqual([]);
    expect(tracker.tracks).toHaveLength(0);
  });

  it('never gives one detection to two tracks, even with duplicated detections', () => {
    const rng = seededRng(5);
    const tracker = createTracker({ includeTentative: true });
    for (let f = 0; f < 120; f++) {
      const people: Person[] = [];
      const n = Math.floor(rng() * 5);
      for (let i = 0; i < n; i++) {
        const p = figure({ x: 100 + i * 120 + rng() * 30, y: 400, height: 180, noise: 2, rng });
        people.push(p);
        if (rng() < 0.3) people.push(figure({ x: 100 + i * 120, y: 400, height: 180, noise: 4, rng })); // a duplicate
      }
      const out = tracker.update(people, f * FRAME_MS);
      expectOneToOne(out, people.length);
      expectOneToOne(tracker.tracks, people.length);
    }
  });

  it('tracks 24 people walking in a crowd with stable ids', () => {
    const rng = seededRng(11);
    const tracker = createTracker();
    const cols = 8, rows = 3;
    const idOf = new Map<number, Set<number>>();
    for (let f = 0; f < 40; f++) {
      const people: Person[] = [];
      for (let i = 0; i < cols * rows; i++) {
        const c = i % cols, r = Math.floor(i / cols);
        const dir = r % 2 ? -1 : 1; // rows walk opposite ways
        people.push(figure({ x: 60 + c * 120 + dir * 2 * f, y: 250 + r * 220, height: 160 + r * 20, phase: f * 0.4 + i, noise: 1, rng }));
      }
      const order = people.map((_, i) => i).sort(() => rng() - 0.5); // shuffled detection order
      const out = tracker.update(order.map((i) => people[i]), f * FRAME_MS);
      expectOneToOne(out, people.length);
      if (f >= minHits - 1) expect(out).toHaveLength(24);
      for (const t of out) {
        const who = order[t.detectionIndex];
        if (!idOf.has(who)) idOf.set(who, new Set());
        idOf.get(who)!.add(t.id);
      }
    }
    expect(idOf.size).toBe(24);
    for (const ids of idOf.values()) expect(ids.size).toBe(1);
  });

  it('caps the number of tracks at maxTracks', () => {
    const tracker = createTracker({ maxTracks: 5, includeTentative: true });
    const people = Array.from({ length: 24 }, (_, i) => figure({ x: 40 + i * 50, y: 300, height: 150 }));
    for (let f = 0; f < 5; f++) expect(tracker.update(people, f * FRAME_MS).length).toBeLessThanOrEqual(5);
    expect(tracker.tracks).toHaveLength(5);
  });

  it('keeps a walking person across irregular intervals and long dropped-frame gaps', () => {
    const tracker = createTracker();
    const gaps = [33, 33, 34, 200, 16, 50, 33, 400, 33, 8, 1, 0, 33, 250, 33, 33, 600, 33, 33];
    let t = 0;
    const ids = new Set<number>();
    for (const gap of [0, ...gaps, ...gaps]) {
      t += gap;
      // 150 px/s to the right: the position depends on time, not on the frame count.
      const out = tracker.update([figure({ x: 100 + 0.15 * t, y: 400, height: 200, phase: t / 100 })], t);
      for (const tr of out) ids.add(tr.id);
      if (out.length) expect(out[0].status).toBe('confirmed');
    }
    expect([...ids]).toEqual([1]);
  });
});

describe('tracker: bad input', () => {
  const nanPerson = (): Person => {
    const p = figure({ x: 200, y: 400, height: 200 });
    for (const k of p.keypoints) k.x = NaN;
    return p;
  };
  const zeroPerson = (): Person => {
    const p = figure({ x: 300, y: 400, height: 200 });
    for (const k of p.keypoints) k.score = 0;
    return p;
  };

  it('ignores people with NaN coordinates or all-zero scores', () => {
    const tracker = createTracker({ includeTentative: true, minHits: 1 });
    for (let f = 0; f < 10; f++) {
      expect(tracker.update([nanPerson(), zeroPerson()], f * FRAME_MS)).toEqual([]);
    }
    const infinite = figure({ x: 0, y: 0, height: 1 });
    for (const k of infinite.keypoints) k.y = Infinity;
    const empty = { keypoints: [], score: NaN, partCount: 0, affinity: 0 } as Person;
    const nanScore = figure({ x: 100, y: 100, height: 100, score: NaN });
    expect(tracker.update([infinite, empty, nanScore], 400)).toEqual([]);
    expect(tracker.tracks).toHaveLength(0);
  });

  it('tracks a person with some NaN keypoints and reports them as not detected', () => {
    const tracker = createTracker({ minHits: 1 });
    const p = figure({ x: 200, y: 400, height: 200 });
    p.keypoints[KEYPOINT.leftWrist].x = NaN;
    p.keypoints[KEYPOINT.nose].y = -Infinity;
    const [t] = tracker.update([p], 0);
    expect(t.person.keypoints[KEYPOINT.leftWrist]).toMatchObject({ x: 0, y: 0, score: 0 });
    expect(t.person.keypoints[KEYPOINT.nose].score).toBe(0);
    for (const k of ALL_KEYPOINTS) expect(Number.isFinite(t.person.keypoints[k].x)).toBe(true);
    // Lost: the predicted pose is finite too.
    const [lost] = tracker.update([nanPerson()], 100);
    expect(lost.status).toBe('lost');
    for (const k of lost.person.keypoints) expect(Number.isFinite(k.x) && Number.isFinite(k.y)).toBe(true);
  });

  it('rejects a non-finite timestamp', () => {
    const tracker = createTracker();
    expect(() => tracker.update([], NaN)).toThrow(RangeError);
  });
});
