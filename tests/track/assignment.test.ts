import { describe, expect, it } from 'vitest';
import { AssignmentSolver, FORBIDDEN } from '../../src/track/assignment';
import { seededRng } from './synthetic-people';

/** Brute force over all partial matchings: min of Σ matched cost + unmatchedCost per unmatched row. */
function bruteForce(cost: number[], rows: number, cols: number, unmatched: number): number {
  let best = Infinity;
  const usedCol = new Array<boolean>(cols).fill(false);
  const rec = (i: number, acc: number, matched: number) => {
    if (i === rows) {
      // Without opting out, prefer the most matches (what the solver guarantees), then the least cost.
      const score = Number.isFinite(unmatched) ? acc : acc - matched * 1e6;
      best = Math.min(best, score);
      return;
    }
    if (Number.isFinite(unmatched)) rec(i + 1, acc + unmatched, matched);
    else rec(i + 1, acc, matched);
    for (let j = 0; j < cols; j++) {
      const c = cost[i * cols + j];
      if (usedCol[j] || !Number.isFinite(c)) continue;
      usedCol[j] = true;
      rec(i + 1, acc + c, matched + 1);
      usedCol[j] = false;
    }
  };
  rec(0, 0, 0);
  return best;
}

function check(solver: AssignmentSolver, cost: number[], rows: number, cols: number, unmatched: number): void {
  const total = solver.solve(cost, rows, cols, unmatched);
  const seen = new Set<number>();
  let matched = 0, sum = 0;
  for (let i = 0; i < rows; i++) {
    const j = solver.rowToCol[i];
    if (j < 0) continue;
    expect(seen.has(j)).toBe(false); // one-to-one
    seen.add(j);
    expect(solver.colToRow[j]).toBe(i);
    expect(Number.isFinite(cost[i * cols + j])).toBe(true);
    matched++;
    sum += cost[i * cols + j];
  }
  expect(total).toBeCloseTo(sum, 9);
  const objective = Number.isFinite(unmatched) ? sum + (rows - matched) * unmatched : sum - matched * 1e6;
  expect(objective).toBeCloseTo(bruteForce(cost, rows, cols, unmatched), 6);
}

describe('AssignmentSolver', () => {
  it('finds the optimum on a textbook matrix', () => {
    const solver = new AssignmentSolver();
    const cost = [4, 1, 3, 2, 0, 5, 3, 2, 2];
    expect(solver.solve(cost, 3, 3)).toBe(5);
    expect(Array.from(solver.rowToCol.subarray(0, 3))).toEqual([1, 0, 2]);
  });

  it('matches brute force on random rectangular matrices, with forbidden pairs and opt-out', () => {
    const rng = seededRng(7);
    const solver = new AssignmentSolver(); // one solver across sizes: buffers are reused and grown
    for (let trial = 0; trial < 400; trial++) {
      const rows = Math.floor(rng() * 6), cols = Math.floor(rng() * 6);
      const cost = Array.from({ length: rows * cols }, () => (rng() < 0.25 ? FORBIDDEN : Math.round(rng() * 100) / 100));
      check(solver, cost, rows, cols, trial % 2 ? Infinity : 0.6);
    }
  });

  it('does not break a confident pair just to match more rows', () => {
    // Track A fits detection 0 well; the only way to match both tracks is two weak pairs (a swap).
    const solver = new AssignmentSolver();
    const cost = [0.1, 0.7, 0.7, FORBIDDEN];
    solver.solve(cost, 2, 2, 0.8);
    expect(solver.rowToCol[0]).toBe(0);
    expect(solver.rowToCol[1]).toBe(-1);
    // Maximum cardinality when unmatched rows cost infinitely much.
    solver.solve(cost, 2, 2);
    expect(Array.from(solver.rowToCol.subarray(0, 2))).toEqual([1, 0]);
  });

  it('handles empty and all-forbidden problems', () => {
    const solver = new AssignmentSolver();
    expect(solver.solve([], 0, 3)).toBe(0);
    expect(solver.solve([], 3, 0)).toBe(0);
    expect(Array.from(solver.rowToCol.subarray(0, 3))).toEqual([-1, -1, -1]);
    solver.solve([FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN], 2, 2);
    expect(Array.from(solver.rowToCol.subarray(0, 2))).toEqual([-1, -1]);
    solver.solve([FORBIDDEN, NaN, 1, FORBIDDEN], 2, 2, 5);
    expect(Array.from(solver.rowToCol.subarray(0, 2))).toEqual([-1, 0]);
  });
});
