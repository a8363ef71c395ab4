// Rendered blocks of every channel, bounded: a least-recently-used map from
// (channel hash, block index) to stereo Float32 blocks, with a byte budget.
// Evicted blocks go to a pool and are reused, so a long playback does not
// keep allocating once the cache is full.

export type StereoBlock = [Float32Array, Float32Array];

export class BlockCache {
  /** Insertion order is recency order: a hit is deleted and set again. */
  private readonly entries = new Map<string, StereoBlock>();
  private readonly pool: StereoBlock[] = [];
  private readonly capacity: number;
  hits = 0;
  misses = 0;

  constructor(readonly block: number, budgetBytes: number) {
    this.capacity = Math.max(256, Math.floor(budgetBytes / (block * 2 * 4)));
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.entries.size * this.block * 8;
  }

  get(hash: string, index: number): StereoBlock | undefined {
    const key = `${hash}#${index}`;
    const found = this.entries.get(key);
    if (found) {
      this.entries.delete(key);
      this.entries.set(key, found);
      this.hits++;
    } else this.misses++;
    return found;
  }

  has(hash: string, index: number): boolean {
    return this.entries.has(`${hash}#${index}`);
  }

  /** Stores a copy of `frames` frames of `src` (stereo) and returns the stored block. */
  put(hash: string, index: number, src: readonly Float32Array[], frames: number): StereoBlock {
    const block = this.take();
    block[0].set(src[0].subarray(0, frames));
    block[1].set(src[src.length > 1 ? 1 : 0].subarray(0, frames));
    if (frames < this.block) {
      block[0].fill(0, frames);
      block[1].fill(0, frames);
    }
    this.entries.set(`${hash}#${index}`, block);
    return block;
  }

  /** Drops every block of a hash (a channel that changed). */
  dropHash(hash: string): void {
    const prefix = `${hash}#`;
    for (const [key, block] of this.entries) {
      if (key.startsWith(prefix)) {
        this.entries.delete(key);
        this.pool.push(block);
      }
    }
  }

  private take(): StereoBlock {
    while (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.pool.push(this.entries.get(oldest)!);
      this.entries.delete(oldest);
    }
    return this.pool.pop() ?? [new Float32Array(this.block), new Float32Array(this.block)];
  }
}
