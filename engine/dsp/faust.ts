// A user effect: a Faust program compiled to WebAssembly (platform/faustEffects.ts), run
// block by block with its own buffers in its own memory. A 1-in/1-out program on a stereo
// strip runs one instance per channel; 2-in/2-out needs a stereo strip. Its latency is the
// program's `declare latency_samples "N";`, compensated like the limiter's. A sample that
// is NaN or infinite stops the render with an error naming the program.
import { readFileSync } from "node:fs";
import type { FxModel } from "../../core/model";
import { userEffectFromMeta, type UserEffect } from "../../core/userEffects";
import { EngineError } from "../render/errors";
import { checkBlock, MAX_BLOCK_FRAMES } from "./block";

interface FaustExports {
  memory: WebAssembly.Memory;
  init(dsp: number, sampleRate: number): void;
  compute(dsp: number, frames: number, inputs: number, outputs: number): void;
  setParamValue(dsp: number, index: number, value: number): void;
}

/** Modules by content hash: compiled once per thread. */
const modules = new Map<string, { module: WebAssembly.Module; effect: UserEffect; size: number }>();

function load(fx: FxModel): { module: WebAssembly.Module; effect: UserEffect; size: number } {
  if (fx.hash === null || fx.module === null) throw new EngineError(`${fx.path}: the Faust program was not compiled; open the session with its user effects`, fx.origin);
  const hit = modules.get(fx.hash);
  if (hit) return hit;
  let entry;
  try {
    const json = readFileSync(fx.module.replace(/\.wasm$/, ".json"), "utf8");
    const effect = userEffectFromMeta(fx.path, fx.hash, fx.module, json);
    if ("code" in effect) throw new Error(effect.message);
    const size = (JSON.parse(json) as { size: number }).size;
    entry = { module: new WebAssembly.Module(readFileSync(fx.module)), effect, size };
  } catch (error) {
    throw new EngineError(`${fx.path}: cannot load its compiled module ${fx.module} (${(error as Error).message}); delete .mixdown/faust and render again`, fx.origin);
  }
  modules.set(fx.hash, entry);
  return entry;
}

/** One instance of the program: its memory, the DSP at offset 0, then pointer tables and one buffer a channel. */
class Instance {
  private readonly api: FaustExports;
  private readonly ins: Float32Array[] = [];
  private readonly outs: Float32Array[] = [];
  private readonly inTable: number;
  private readonly outTable: number;

  constructor(module: WebAssembly.Module, size: number, private readonly channels: number, sampleRate: number) {
    this.api = new WebAssembly.Instance(module, { env: MATH }).exports as unknown as FaustExports;
    const align = (n: number) => Math.ceil(n / 16) * 16;
    this.inTable = align(size);
    this.outTable = this.inTable + 16;
    const first = this.outTable + 16;
    const bytes = MAX_BLOCK_FRAMES * 4;
    const end = first + 2 * channels * bytes;
    const memory = this.api.memory;
    if (memory.buffer.byteLength < end) memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
    const pointers = new Int32Array(memory.buffer);
    for (let ch = 0; ch < channels; ch++) {
      const inAt = first + ch * bytes;
      const outAt = first + (channels + ch) * bytes;
      pointers[this.inTable / 4 + ch] = inAt;
      pointers[this.outTable / 4 + ch] = outAt;
      this.ins.push(new Float32Array(memory.buffer, inAt, MAX_BLOCK_FRAMES));
      this.outs.push(new Float32Array(memory.buffer, outAt, MAX_BLOCK_FRAMES));
    }
    this.api.init(0, sampleRate);
  }

  set(index: number, value: number): void {
    this.api.setParamValue(0, index, value);
  }

  /** Runs on the strip's channels from `first` on. */
  run(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number, first: number): void {
    for (let ch = 0; ch < this.channels; ch++) this.ins[ch].set(inputs[first + ch].subarray(0, frames));
    this.api.compute(0, frames, this.inTable, this.outTable);
    for (let ch = 0; ch < this.channels; ch++) outputs[first + ch].set(this.outs[ch].subarray(0, frames));
  }
}

export class FaustEffect {
  readonly latency: number;
  private readonly effect: UserEffect;
  private readonly instances: Instance[] = [];
  /** Per instance, the first strip channel it reads and writes. */
  private readonly firsts: number[] = [];

  constructor(private readonly fx: FxModel, sampleRate: number, private readonly channels: number) {
    const { module, effect, size } = load(fx);
    this.effect = effect;
    this.latency = effect.latency;
    if (effect.inputs === 2 && channels !== 2) {
      throw new EngineError(`${fx.path}: a stereo program (2 in, 2 out) on a mono strip; write it with 1 input and 1 output, or use it on a stereo track or bus`, fx.origin);
    }
    const width = effect.inputs;
    for (let first = 0; first < channels; first += width) {
      this.instances.push(new Instance(module, size, width, sampleRate));
      this.firsts.push(first);
    }
    for (const [name, spec] of Object.entries(effect.params)) this.setParam(name, fx.params[name] ?? spec.default);
  }

  setParam(name: string, value: number): void {
    const spec = Object.prototype.hasOwnProperty.call(this.effect.params, name) ? this.effect.params[name] : undefined;
    if (!spec) throw new EngineError(`${this.fx.path}: no slider '${name}'; it has ${Object.keys(this.effect.params).join(", ") || "none"}`, this.fx.origin);
    if (!Number.isFinite(value) || value < spec.min - 1e-9 || value > spec.max + 1e-9) {
      throw new EngineError(`${this.fx.path}: ${name} ${value} is out of range; give a value from ${spec.min} to ${spec.max}`, this.fx.origin);
    }
    for (const instance of this.instances) instance.set(spec.index, value * spec.scale);
  }

  process(inputs: readonly Float32Array[], outputs: readonly Float32Array[], frames: number): void {
    checkBlock(`fx ${this.fx.path}`, inputs, outputs, frames, this.channels);
    for (let i = 0; i < this.instances.length; i++) this.instances[i].run(inputs, outputs, frames, this.firsts[i]);
    for (let ch = 0; ch < this.channels; ch++) {
      const out = outputs[ch];
      for (let i = 0; i < frames; i++) {
        const v = out[i];
        if (v - v !== 0) this.bad(v, ch, i);
      }
    }
  }

  private bad(value: number, channel: number, frame: number): never {
    const what = Number.isNaN(value) ? "NaN" : "an infinite sample";
    throw new EngineError(`${this.fx.path}: the Faust program produced ${what} (channel ${channel + 1}, frame ${frame} of a block); the render was stopped so that no damaged audio is written. Check its feedback and divisions.`, this.fx.origin);
  }
}

/** The math functions a Faust module imports (as faustwasm gives them). */
const MATH: WebAssembly.ModuleImports = {
  _abs: Math.abs, _acosf: Math.acos, _asinf: Math.asin, _atanf: Math.atan, _atan2f: Math.atan2, _ceilf: Math.ceil,
  _cosf: Math.cos, _expf: Math.exp, _floorf: Math.floor, _fmodf: (x: number, y: number) => x % y, _logf: Math.log,
  _log10f: Math.log10, _max_f: Math.max, _min_f: Math.min, _remainderf: (x: number, y: number) => x - Math.round(x / y) * y,
  _powf: Math.pow, _roundf: Math.round, _sinf: Math.sin, _sqrtf: Math.sqrt, _tanf: Math.tan, _acoshf: Math.acosh,
  _asinhf: Math.asinh, _atanhf: Math.atanh, _coshf: Math.cosh, _sinhf: Math.sinh, _tanhf: Math.tanh,
  _isnanf: Number.isNaN, _isinff: (x: number) => !Number.isFinite(x) && !Number.isNaN(x),
  _copysignf: (x: number, y: number) => (Math.sign(x) === Math.sign(y) ? x : -x),
  _acos: Math.acos, _asin: Math.asin, _atan: Math.atan, _atan2: Math.atan2, _ceil: Math.ceil, _cos: Math.cos,
  _exp: Math.exp, _floor: Math.floor, _fmod: (x: number, y: number) => x % y, _log: Math.log, _log10: Math.log10,
  _max_: Math.max, _min_: Math.min, _remainder: (x: number, y: number) => x - Math.round(x / y) * y, _pow: Math.pow,
  _round: Math.round, _sin: Math.sin, _sqrt: Math.sqrt, _tan: Math.tan, _acosh: Math.acosh, _asinh: Math.asinh,
  _atanh: Math.atanh, _cosh: Math.cosh, _sinh: Math.sinh, _tanh: Math.tanh, _isnan: Number.isNaN,
  _isinf: (x: number) => !Number.isFinite(x) && !Number.isNaN(x), _copysign: (x: number, y: number) => (Math.sign(x) === Math.sign(y) ? x : -x),
};
