/**
 * Optimal one-to-one assignment (linear sum assignment) on a dense cost matrix: the Hungarian
 * method in its shortest-augmenting-path form with row/column potentials (Kuhn–Munkres as refined
 * by Jonker & Volgenant), O(rows² · (rows + cols)). All work arrays are typed and reused across calls.
 */

/** Cost marking a pair that must never be matched. */
export const FORBIDDEN = Number.POSITIVE_INFINITY;

/** A reusable solver: `solve` writes its answer into `rowToCol` / `colToRow` (valid until the next call). */
export class AssignmentSolver {
  /** Column matched to each row, -1 when unmatched. Only the first `rows` entries are meaningful. */
  rowToCol = new Int32Array(0);
  /** Row matched to each column, -1 when unmatched. Only the first `cols` entries are meaningful. */
  colToRow = new Int32Array(0);

  // Workspace for the square-ish problem `n ≤ m` (1-based as in the classic formulation).
  private u = new Float64Array(0);
  private v = new Float64Array(0);
  private p = new Int32Array(0);
  private way = new Int32Array(0);
  private minv = new Float64Array(0);
  private used = new Uint8Array(0);
  private work = new Float64Array(0);

  /**
   * Minimises the total cost of a one-to-one matching of rows to columns.
   *
   * @param cost Row-major `rows × cols` costs; {@link FORBIDDEN} (or any non-finite value) forbids a pair.
   * @param unmatchedCost Price of leaving a row unmatched. A finite value lets rows opt out, so a pair is
   *   matched only where that lowers the total (a pair costing more than this is never taken, and no
   *   confident pair is broken up just to match more rows). `Infinity` (default): a maximum matching
   *   (`min(rows, cols)` pairs when none is forbidden) of least cost.
   * @returns The total cost of the matched pairs (unmatched rows are not counted).
   */
  solve(cost: ArrayLike<number>, rows: number, cols: number, unmatchedCost = Number.POSITIVE_INFINITY): number {
    this.ensureOutput(rows, cols);
    this.rowToCol.fill(-1, 0, rows);
    this.colToRow.fill(-1, 0, cols);
    if (rows === 0 || cols === 0) return 0;

    // Rows opting out are modelled as `rows` extra columns costing `unmatchedCost`, so rows ≤ columns
    // always holds and every row has a finite choice. Without a finite opt-out price, one larger than any
    // difference in matched cost makes the optimum a maximum matching first, cheapest second.
    let optOutCost = unmatchedCost;
    if (!Number.isFinite(optOutCost)) {
      let sum = 0;
      for (let i = 0; i < rows * cols; i++) if (Number.isFinite(cost[i])) sum += Math.abs(cost[i]);
      optOutCost = 2 * sum + 1;
    }
    const n = rows;
    const m = cols + rows;
    const work = this.ensureWork(n * m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        const c = j < cols ? cost[i * cols + j] : optOutCost;
        work[i * m + j] = Number.isFinite(c) ? c : FORBIDDEN;
      }
    }
    this.hungarian(work, n, m);

    let total = 0;
    const p = this.p;
    for (let j = 1; j <= m; j++) {
      const i = p[j] - 1;
      if (i < 0) continue;
      const col = j - 1;
      if (col >= cols) continue; // opted out
      this.rowToCol[i] = col;
      this.colToRow[col] = i;
      total += work[i * m + col];
    }
    return total;
  }

  /** Shortest augmenting paths over rows 1..n; leaves the matching in `p` (column → row, 1-based). */
  private hungarian(a: Float64Array, n: number, m: number): void {
    this.ensureWorkspace(m);
    const { u, v, p, way, minv, used } = this;
    u.fill(0, 0, n + 1);
    v.fill(0, 0, m + 1);
    p.fill(0, 0, m + 1);
    way.fill(0, 0, m + 1);
    for (let i = 1; i <= n; i++) {
      p[0] = i;
      let j0 = 0;
      minv.fill(Number.POSITIVE_INFINITY, 0, m + 1);
      used.fill(0, 0, m + 1);
      do {
        used[j0] = 1;
        const i0 = p[j0];
        const rowBase = (i0 - 1) * m - 1;
        let delta = Number.POSITIVE_INFINITY;
        let j1 = -1;
        for (let j = 1; j <= m; j++) {
          if (used[j]) continue;
          const cur = a[rowBase + j] - u[i0] - v[j];
          if (cur < minv[j]) {
            minv[j] = cur;
            way[j] = j0;
          }
          if (minv[j] < delta || j1 < 0) {
            delta = minv[j];
            j1 = j;
          }
        }
        for (let j = 0; j <= m; j++) {
          if (used[j]) {
            u[p[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (p[j0] !== 0);
      do {
        const j1 = way[j0];
        p[j0] = p[j1];
        j0 = j1;
      } while (j0 !== 0);
    }
  }

  private ensureOutput(rows: number, cols: number): void {
    if (this.rowToCol.length < rows) this.rowToCol = new Int32Array(grow(rows));
    if (this.colToRow.length < cols) this.colToRow = new Int32Array(grow(cols));
  }

  private ensureWork(size: number): Float64Array {
    if (this.work.length < size) this.work = new Float64Array(grow(size));
    return this.work;
  }

  private ensureWorkspace(m: number): void {
    if (this.v.length >= m + 1) return;
    const cap = grow(m + 1);
    this.u = new Float64Array(cap);
    this.v = new Float64Array(cap);
    this.p = new Int32Array(cap);
    this.way = new Int32Array(cap);
    this.minv = new Float64Array(cap);
    this.used = new Uint8Array(cap);
  }
}

/** Capacity growth: doubling keeps reallocations rare as the number of people changes. */
const grow = (needed: number): number => Math.max(16, 1 << Math.ceil(Math.log2(needed)));
