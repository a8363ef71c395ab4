// Runs a processor over whole signals in blocks of `block` frames, as the
// engine does: each channel's stretch in, the same stretch of a fresh output out.
export interface BlockProcessor {
  process(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number): void;
}

export function processInBlocks(processor: BlockProcessor, inputs: readonly Float32Array[], block = 512): Float32Array[] {
  const outputs = inputs.map((x) => new Float32Array(x.length));
  for (let at = 0; at < inputs[0].length; at += block) {
    const n = Math.min(block, inputs[0].length - at);
    processor.process(inputs.map((x) => x.subarray(at, at + n)), outputs.map((y) => y.subarray(at, at + n)), n);
  }
  return outputs;
}
