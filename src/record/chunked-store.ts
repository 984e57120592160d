/**
 * Append-only row storage in fixed-size typed-array chunks: growing never copies what is stored
 * (no doubling reallocations) and writing a row allocates nothing.
 */

/** Typed arrays the store can hold. */
export type StoreArray = Float32Array | Float64Array | Uint8Array;

/** Constructor of a {@link StoreArray}. */
export type StoreArrayCtor<T extends StoreArray> = new (length: number) => T;

/**
 * Default rows per chunk. 1024 frames is ~34 s at 30 fps: small enough that the last, partly used chunk
 * wastes little (≤ 0.6 MB per person), large enough that a 10-minute track is only ~18 chunks.
 */
export const DEFAULT_CHUNK_ROWS = 1024;

/** Rows of `stride` values, stored in chunks of `chunkRows` rows. */
export class ChunkedStore<T extends StoreArray> {
  private readonly chunks: T[] = [];
  private rows = 0;

  constructor(
    private readonly ctor: StoreArrayCtor<T>,
    /** Values per row. */
    readonly stride: number,
    /** Rows per chunk. */
    readonly chunkRows: number = DEFAULT_CHUNK_ROWS,
  ) {
    if (!(stride >= 1) || !(chunkRows >= 1)) throw new RangeError('ChunkedStore: stride and chunkRows must be ≥ 1');
  }

  /** Number of rows stored. */
  get length(): number {
    return this.rows;
  }

  /** Bytes held by the allocated chunks. */
  get byteLength(): number {
    let n = 0;
    for (const c of this.chunks) n += c.byteLength;
    return n;
  }

  /** Appends one zero-filled row and returns its index (write it with {@link chunk}/{@link offset}). */
  pushRow(): number {
    const row = this.rows;
    if (row % this.chunkRows === 0 && row / this.chunkRows >= this.chunks.length) {
      this.chunks.push(new this.ctor(this.chunkRows * this.stride));
    }
    this.rows++;
    return row;
  }

  /** Grows to `rows` rows (new rows are zero). */
  ensureRows(rows: number): void {
    while (this.rows < rows) this.pushRow();
  }

  /** The chunk holding `row`. */
  chunk(row: number): T {
    return this.chunks[Math.floor(row / this.chunkRows)];
  }

  /** Index of `row`'s first value inside {@link chunk}(row). */
  offset(row: number): number {
    return (row % this.chunkRows) * this.stride;
  }

  /** Value `col` of `row`. */
  get(row: number, col: number): number {
    return this.chunk(row)[this.offset(row) + col];
  }

  /** Copies `row`'s values into `out` at `outOffset`. */
  readRow(row: number, out: { [i: number]: number }, outOffset = 0): void {
    const c = this.chunk(row);
    const o = this.offset(row);
    for (let k = 0; k < this.stride; k++) out[outOffset + k] = c[o + k];
  }

  /** Copies row `from` onto row `to` (both must exist). */
  copyRow(from: number, to: number): void {
    this.chunk(to).set(this.chunk(from).subarray(this.offset(from), this.offset(from) + this.stride), this.offset(to));
  }

  /** Copies rows `[start, end)` into one contiguous array (whole-chunk `set` calls, no per-value loop). */
  toArray(start = 0, end = this.rows): T {
    const out = new this.ctor(Math.max(0, end - start) * this.stride);
    let row = start;
    while (row < end) {
      const c = this.chunk(row);
      const o = this.offset(row);
      const n = Math.min(end - row, this.chunkRows - (row % this.chunkRows));
      out.set(c.subarray(o, o + n * this.stride), (row - start) * this.stride);
      row += n;
    }
    return out;
  }
}
