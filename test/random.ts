// The one seeded generator for tests, benchmarks and the example takes:
// mulberry32, so every run produces the same signals.

/** A deterministic uniform generator in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded noise, uniform in [-amp, amp). */
export function seededNoise(frames: number, seed: number, amp = 0.5): Float32Array {
  const next = mulberry32(seed);
  return Float32Array.from({ length: frames }, () => (next() - 0.5) * 2 * amp);
}
