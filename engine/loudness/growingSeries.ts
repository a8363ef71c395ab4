// A series of numbers that only grows: a Float64Array doubled when full, so
// appending allocates only O(log n) times over a whole stream. Holds the
// loudness meter's gating blocks and its short-term history (one value per
// 100 ms: 36,000 values, 288 KB, per hour).

const INITIAL_CAPACITY = 1024;

export class GrowingSeries {
  private data: Float64Array;
  private count = 0;

  constructor(initialCapacity = INITIAL_CAPACITY) {
    this.data = new Float64Array(Math.max(1, initialCapacity));
  }

  /** Number of values appended. */
  get length(): number {
    return this.count;
  }

  /** Appends a value, doubling the storage when it is full. */
  push(value: number): void {
    if (this.count === this.data.length) {
      const larger = new Float64Array(this.data.length * 2);
      larger.set(this.data);
      this.data = larger;
    }
    this.data[this.count++] = value;
  }

  /** The value at `index` (0 = first appended). */
  at(index: number): number {
    return this.data[index];
  }

  /** A view of the values appended so far; valid until the next `push` or `clear`. */
  view(): Float64Array {
    return this.data.subarray(0, this.count);
  }

  /** Forgets the values, keeping the storage. */
  clear(): void {
    this.count = 0;
  }
}
