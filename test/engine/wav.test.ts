import { strict as assert } from "node:assert";
import { mulberry32 } from "../random";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeInt } from "../../engine/dsp/wasm/reference";
import { openWavReader, readWav } from "../../engine/io/wavRead";
import { createWavWriter, writeWav, type DitherSource, type WavBits } from "../../engine/io/wavWrite";

let dir = "";
const file = (name: string) => join(dir, name);
/** sox decodes through 32-bit integers, so its float output may differ from the file by one float32 step. */
const SOX_ULP = 2 ** -24;
const LSB: Record<number, number> = { 16: 1 / 32768, 24: 1 / 8388608, 32: 1 / 2147483648, 64: 0 };

/** Seeded noise, uniform in [-amp, amp), one generator across the channels. */
function noise(channels: number, frames: number, seed: number, amp = 0.9): Float32Array[] {
  const next = mulberry32(seed);
  return Array.from({ length: channels }, () => Float32Array.from({ length: frames }, () => (next() - 0.5) * 2 * amp));
}

function maxDiff(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  assert.equal(a.length, b.length, "channel count");
  let max = 0;
  a.forEach((x, c) => {
    assert.equal(x.length, b[c].length, "frame count");
    for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - b[c][i]));
  });
  return max;
}

function tool(cmd: string, args: string[]): Buffer {
  return execFileSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 28 });
}

/** What sox decodes: its samples as 32-bit float, one array per channel. */
function soxSamples(path: string, channels: number): Float32Array[] {
  const raw = tool("sox", ["-D", path, "-t", "raw", "-e", "floating-point", "-b", "32", "-L", "-"]);
  const all = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const frames = all.length / channels;
  return Array.from({ length: channels }, (_, c) => Float32Array.from({ length: frames }, (_v, i) => all[i * channels + c]));
}

function soxInfo(path: string): { rate: number; channels: number; samples: number } {
  const text = tool("sox", ["--i", path]).toString();
  const num = (re: RegExp) => Number(re.exec(text)?.[1]);
  return { rate: num(/Sample Rate\s*:\s*(\d+)/), channels: num(/Channels\s*:\s*(\d+)/), samples: num(/=\s*(\d+) samples/) };
}

function ffprobeSamples(path: string): number {
  const out = tool("ffprobe", ["-v", "error", "-show_entries", "stream=duration_ts", "-of", "csv=p=0", path]).toString();
  return Number(out.trim());
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), "mixdown-wav-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("wav: round trips", () => {
  for (const bits of [16, 24, 32] as const) {
    for (const channels of [1, 2, 3, 6]) {
      it(`${bits === 32 ? "float 32" : `int ${bits}`}-bit, ${channels} channel(s)`, () => {
        const frames = channels === 2 ? 300_001 : 1001; // odd sizes need a pad byte; 300k spans several blocks
        const data = noise(channels, frames, bits * 10 + channels);
        writeWav(file("rt.wav"), data, 44100, bits);
        const got = readWav(file("rt.wav"));
        assert.deepEqual([got.sampleRate, got.channels, got.frames], [44100, channels, frames]);
        assert.equal(got.info.format, bits === 32 ? "float" : "int");
        assert.equal(readFileSync(file("rt.wav")).byteLength % 2, 0, "RIFF files have an even length");
        const diff = maxDiff(got.data, data);
        if (bits === 32) assert.equal(diff, 0, "float32 is bit-exact");
        else assert.ok(diff <= 0.5 * LSB[bits] + 1e-12, `within half an LSB (${diff / LSB[bits]} LSB)`);
        assert.ok(maxDiff(soxSamples(file("rt.wav"), channels), got.data) <= SOX_ULP, "sox decodes the same samples");
        assert.deepEqual(soxInfo(file("rt.wav")), { rate: 44100, channels, samples: frames });
      });
    }
  }

  it("finds the data chunk behind a large metadata chunk", () => {
    const data = noise(2, 100, 11);
    writeWav(file("meta.wav"), data, 48000, 32);
    const bytes = readFileSync(file("meta.wav"));
    const at = readWav(file("meta.wav")).info.dataOffset - 8;
    const junk = Buffer.alloc(8 + 200_000);
    junk.write("LIST", 0, "latin1");
    junk.writeUInt32LE(200_000, 4);
    writeFileSync(file("meta.wav"), Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]));
    assert.equal(maxDiff(readWav(file("meta.wav")).data, data), 0);
  });

  it("streams in blocks, seeks, and stops at the end", () => {
    const data = noise(2, 5000, 7);
    writeWav(file("stream.wav"), data, 48000, 24);
    const whole = readWav(file("stream.wav")).data;
    const reader = openWavReader(file("stream.wav"));
    const out = [new Float32Array(5000), new Float32Array(5000)];
    let pos = 0;
    for (let n; (n = reader.read(777, out, pos)) > 0; ) pos += n;
    assert.equal(pos, 5000);
    assert.equal(maxDiff(out, whole), 0);
    reader.seek(4990);
    const tail = [new Float32Array(10), new Float32Array(10)];
    assert.equal(reader.read(100, tail), 10);
    assert.deepEqual(tail[1], whole[1].subarray(4990));
    assert.equal(reader.read(100, tail), 0);
    reader.close();
    assert.throws(() => reader.read(1, tail), /after it was closed/);
  });

  it("reads a mono float file in place (readView): the frames read gives, across its buffer's refills, after seeks and reads", () => {
    const frames = 700_001; // the reader's buffer holds 262,144 mono float frames
    const [data] = noise(1, frames, 21);
    writeWav(file("view.wav"), [data], 48000, 32);
    const reader = openWavReader(file("view.wav"));
    const got = new Float32Array(frames);
    let pos = 0;
    for (const size of [4096, 4096, 1, 262_143, 4096, 100_000]) {
      const view = reader.readView!(size)!;
      assert.equal(view.length, size);
      got.set(view, pos);
      pos += size;
    }
    pos += reader.read(5000, [got], pos); // read and readView take turns
    for (let view; (view = reader.readView!(65_536)!).length > 0; pos += view.length) got.set(view, pos);
    assert.equal(pos, frames);
    assert.deepEqual(got, data);
    reader.seek(10);
    assert.deepEqual(reader.readView!(3), data.subarray(10, 13));
    reader.close();
    writeWav(file("view16.wav"), [data.subarray(0, 100)], 48000, 16);
    writeWav(file("view2.wav"), noise(2, 100, 3), 48000, 32);
    for (const name of ["view16.wav", "view2.wav"]) {
      const other = openWavReader(file(name));
      assert.equal(other.readView!(10), undefined, `${name}: only mono float is read in place`);
      other.close();
    }
  });
});

describe("wav: files from other tools", () => {
  const soxFormats: [string, string[]][] = [
    ["int 16", ["-b", "16"]],
    ["int 24", ["-b", "24"]],
    ["int 32", ["-e", "signed-integer", "-b", "32"]],
    ["float 32", ["-e", "floating-point", "-b", "32"]],
    ["float 64", ["-e", "floating-point", "-b", "64"]],
  ];
  for (const [name, args] of soxFormats) {
    it(`reads a ${name}-bit file written by sox`, () => {
      const path = file(`sox-${name.replace(" ", "")}.wav`);
      tool("sox", ["-D", "-n", "-r", "44100", ...args, "-c", "2", path, "synth", "0.1", "sine", "440", "sine", "1000", "gain", "-3"]);
      const got = readWav(path);
      assert.deepEqual([got.sampleRate, got.channels, got.frames], [44100, 2, 4410]);
      assert.ok(maxDiff(got.data, soxSamples(path, 2)) <= SOX_ULP, "same samples as sox decodes");
      assert.ok(got.data[0].some((x) => Math.abs(x) > 0.5), "not silent");
    });
  }

  const ffFormats: [string, string, number, string[]][] = [
    ["pcm_s16le", "int 16", 16, []],
    ["pcm_s24le (extensible)", "int 24", 24, ["-c:a", "pcm_s24le"]],
    ["pcm_s32le", "int 32", 32, ["-c:a", "pcm_s32le"]],
    ["pcm_f64le", "float 64", 64, ["-c:a", "pcm_f64le"]],
    ["pcm_s24le, 6 channels", "int 24", 24, ["-c:a", "pcm_s24le"]],
    ["pcm_s24le, RF64", "int 24", 24, ["-c:a", "pcm_s24le", "-rf64", "always"]],
  ];
  for (const [name, format, bits, args] of ffFormats) {
    it(`reads ${format}-bit written by ffmpeg (${name})`, () => {
      const channels = name.includes("6 channels") ? 6 : 2;
      const data = noise(channels, 4800, bits, 0.7);
      writeWav(file("ff-src.wav"), data, 48000, 32);
      tool("ffmpeg", ["-v", "error", "-y", "-i", file("ff-src.wav"), ...args, file("ff.wav")]);
      const got = readWav(file("ff.wav"));
      assert.deepEqual([got.sampleRate, got.channels, got.frames], [48000, channels, 4800]);
      assert.equal(got.info.bitsPerSample, bits);
      assert.ok(maxDiff(got.data, data) <= LSB[bits] + 1e-9, "within 1 LSB of what ffmpeg was given");
    });
  }
});

describe("wav: writing", () => {
  it("clamps to [-1, 1), rounds to nearest, and adds the dither it fills", () => {
    const x = Float32Array.of(1.5, 1, -1, -1.5, 0.3 / 32768, 0.6 / 32768, -0.6 / 32768);
    const ints = (dither?: DitherSource) => {
      const w = createWavWriter(file("clamp.wav"), { sampleRate: 48000, channels: 1, bits: 16, dither });
      w.write([x], x.length);
      w.close();
      const info = readWav(file("clamp.wav")).info;
      const bytes = readFileSync(file("clamp.wav"));
      return Array.from(new Int16Array(bytes.buffer.slice(bytes.byteOffset + info.dataOffset, bytes.byteOffset + info.dataOffset + 14)));
    };
    assert.deepEqual(ints(), [32767, 32767, -32768, -32768, 0, 1, -1]);
    const asked: [number, number][] = [];
    const quarter: DitherSource = { fill: (c, out, frames) => (asked.push([c, frames]), out.fill(0.25, 0, frames)) };
    assert.deepEqual(ints(quarter), [32767, 32767, -32768, -32768, 1, 1, 0]);
    assert.deepEqual(asked, [[0, 7]], "one fill per channel per block");
    writeWav(file("clamp24.wav"), [Float32Array.of(2, -2, 0.5 / 8388608)], 48000, 24);
    assert.deepEqual(Array.from(readWav(file("clamp24.wav")).data[0]), [8388607 / 8388608, -1, 1 / 8388608]);
  });

  it("encodes integer PCM as floor(clamp(x scale + dither + 0.5)), for one to three channels, NaN as 0", () => {
    const special = [NaN, Infinity, -Infinity, 1, -1, 0.99999994, -0, 1e-9, 0.5 / 32768, -0.5 / 8388608];
    /** A dither source whose channels carry on from call to call, as TpdfDither's do. */
    const dithered = () => {
      const next = [0, 0, 0];
      return { fill: (ch: number, out: Float64Array, n: number) => { for (let i = 0; i < n; i++) out[i] = Math.sin(next[ch]++ * 0.37 + ch) * 0.999; } };
    };
    for (const bits of [16, 24] as const) {
      for (const channels of [1, 2, 3]) {
        for (const withDither of [false, true]) {
          const frames = 20000; // more than a kernel block
          const data = noise(channels, frames, bits + channels, 1.2);
          data.forEach((d) => d.set(special, 100));
          writeWavWith(file("enc.wav"), data, bits, withDither ? dithered() : undefined);
          const info = readWav(file("enc.wav")).info;
          const bytes = readFileSync(file("enc.wav")).subarray(info.dataOffset);
          const scale = bits === 16 ? 32768 : 8388608;
          const reference = dithered();
          const noises = data.map((_, ch) => {
            const n = new Float64Array(frames);
            if (withDither) reference.fill(ch, n, frames);
            return n;
          });
          // The kernel `encodeInt`'s reference, a channel at a time into its place among the interleaved bytes.
          const width = bits / 8;
          const want = Buffer.alloc(frames * channels * width);
          data.forEach((d, ch) => encodeInt(d, noises[ch], want, frames, ch * width, channels * width, scale, width));
          for (let i = 0; i < frames; i++) {
            for (let ch = 0; ch < channels; ch++) {
              const at = (i * channels + ch) * width;
              const expected = bits === 16 ? want.readInt16LE(at) : want.readIntLE(at, 3);
              const got = bits === 16 ? bytes.readInt16LE(at) : bytes.readIntLE(at, 3);
              if (got !== expected) assert.fail(`${bits}-bit, ${channels} channel(s), ${withDither ? "dithered" : "plain"}: frame ${i} channel ${ch} is ${got}, not ${expected}`);
            }
          }
        }
      }
    }
  });

  it("hashes the file as it writes it when told its length: the same SHA-256 as the file's bytes", () => {
    const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
    for (const [bits, channels, frames] of [[16, 1, 4801], [24, 2, 5000], [24, 1, 4801], [32, 2, 3000]] as const) {
      const data = noise(channels, frames, bits);
      const w = createWavWriter(file("hashed.wav"), { sampleRate: 48000, channels, bits, frames });
      w.write(data.map((d) => d.subarray(0, 1000)), 1000);
      w.flush();
      w.write(data.map((d) => d.subarray(1000)), frames - 1000);
      assert.equal(w.sha256, undefined, "no hash before close");
      w.close();
      assert.equal(w.sha256, sha(file("hashed.wav")), `${bits}-bit, ${channels} channel(s), ${frames} frames`);
      assert.equal(readWav(file("hashed.wav")).frames, frames);
    }
    for (const written of [2999, 3001]) {
      const w = createWavWriter(file("unplanned.wav"), { sampleRate: 48000, channels: 2, bits: 24, frames: 3000 });
      w.write(noise(2, written, 5), written);
      w.close();
      assert.equal(w.sha256, undefined, `${written} frames written of 3000 planned: no hash`);
      assert.equal(readWav(file("unplanned.wav")).frames, written, "the header tells what was written");
    }
  });

  it("keeps a valid header as it grows: readable after every flush()", () => {
    const data = noise(2, 6000, 3);
    const w = createWavWriter(file("grow.wav"), { sampleRate: 48000, channels: 2, bits: 24 });
    w.write(data, 2500);
    w.flush();
    const part = readWav(file("grow.wav"));
    assert.equal(part.frames, 2500);
    assert.ok(maxDiff(part.data, data.map((d) => d.subarray(0, 2500))) <= 0.5 * LSB[24]);
    assert.equal(soxInfo(file("grow.wav")).samples, 2500);
    assert.equal(ffprobeSamples(file("grow.wav")), 2500);
    w.write(data.map((d) => d.subarray(2500)), 3500);
    w.close();
    assert.equal(readWav(file("grow.wav")).frames, 6000);
    assert.equal(soxInfo(file("grow.wav")).samples, 6000);
    assert.throws(() => w.write(data, 1), /after it was closed/);
  });

  it("switches to RF64 (ds64 over the reserved JUNK chunk) past the RIFF limit", () => {
    const data = noise(2, 10_001, 4);
    const w = createWavWriter(file("big.wav"), { sampleRate: 48000, channels: 2, bits: 24, riffLimit: 30_000 });
    w.write(data.map((d) => d.subarray(0, 4000)), 4000);
    w.flush();
    assert.equal(readFileSync(file("big.wav")).toString("latin1", 0, 4), "RIFF", "small enough for RIFF");
    assert.equal(readFileSync(file("big.wav")).toString("latin1", 12, 16), "JUNK");
    w.write(data.map((d) => d.subarray(4000, 8000)), 4000);
    w.flush();
    assert.equal(ffprobeSamples(file("big.wav")), 8000, "a flushed RF64 file is readable");
    w.write(data.map((d) => d.subarray(8000)), 2001);
    w.close();
    const bytes = readFileSync(file("big.wav"));
    assert.equal(bytes.toString("latin1", 0, 4), "RF64");
    assert.equal(bytes.toString("latin1", 12, 16), "ds64");
    assert.equal(bytes.readUInt32LE(4), 0xffffffff);
    assert.equal(Number(bytes.readBigUInt64LE(20)), bytes.byteLength - 8, "ds64 RIFF size");
    assert.equal(Number(bytes.readBigUInt64LE(28)), 10_001 * 6, "ds64 data size");
    assert.equal(Number(bytes.readBigUInt64LE(36)), 10_001, "ds64 sample count");
    const got = readWav(file("big.wav"));
    assert.ok(maxDiff(got.data, data) <= 0.5 * LSB[24]);
    assert.equal(ffprobeSamples(file("big.wav")), 10_001);
    assert.equal(soxInfo(file("big.wav")).samples, 10_001);
    assert.ok(maxDiff(soxSamples(file("big.wav"), 2), got.data) <= SOX_ULP);
  });

  it("refuses bad options and unwritable paths with a message naming the file", () => {
    const opts = { sampleRate: 48000, channels: 2, bits: 24 } as const;
    assert.throws(() => createWavWriter(file("x.wav"), { ...opts, bits: 8 as WavBits }), /x\.wav.*8 bits/);
    assert.throws(() => createWavWriter(file("x.wav"), { ...opts, channels: 0 }), /x\.wav.*0 channels/);
    assert.throws(() => createWavWriter(file("no/such/dir/x.wav"), opts), /Cannot create the WAV file .*x\.wav/);
    assert.throws(() => writeWav(file("x.wav"), [new Float32Array(3), new Float32Array(4)], 48000, 16), /different lengths/);
  });
});

describe("wav: errors name the file and say what is wrong", () => {
  const FMT = 56; // the fmt chunk's body in our header: 12 (RIFF) + 36 (JUNK) + 8
  const good = () => {
    writeWav(file("good.wav"), noise(2, 100, 9), 48000, 16);
    return readFileSync(file("good.wav"));
  };
  const cases: [string, () => string, RegExp][] = [
    ["a missing file", () => file("missing.wav"), /missing\.wav: it does not exist/],
    ["an empty file", () => (writeFileSync(file("empty.wav"), ""), file("empty.wav")), /empty\.wav is only 0 bytes long/],
    ["a truncated header", () => (writeFileSync(file("cut.wav"), good().subarray(0, 60)), file("cut.wav")), /cut\.wav is missing part of its fmt chunk .*truncated/],
    ["a text file named .wav", () => (writeFileSync(file("text.wav"), "hello, I am not audio\n".repeat(10)), file("text.wav")), /text\.wav is not a WAV file/],
    ["zero channels", () => (writeFileSync(file("zero.wav"), patched(good(), FMT + 2, 0, 2)), file("zero.wav")), /zero\.wav .*0 channels/],
    ["an absurd sample rate", () => (writeFileSync(file("rate.wav"), patched(good(), FMT + 4, 5, 4)), file("rate.wav")), /rate\.wav .*absurd sample rate of 5 Hz/],
    ["inconsistent frame sizes", () => (writeFileSync(file("align.wav"), patched(good(), FMT + 12, 7, 2)), file("align.wav")), /align\.wav is a broken WAV file \(7-byte frames/],
    ["an unsupported format", () => (writeFileSync(file("alaw.wav"), patched(good(), FMT, 6, 2)), file("alaw.wav")), /alaw\.wav .*format code 6/],
  ];
  for (const [name, make, message] of cases) {
    it(name, () => assert.throws(() => readWav(make()), message));
  }

  it("reads what there is of a file whose data was cut short", () => {
    writeWav(file("short.wav"), noise(2, 1000, 5), 48000, 24);
    truncateSync(file("short.wav"), readWav(file("short.wav")).info.dataOffset + 6 * 400 + 5);
    assert.equal(readWav(file("short.wav")).frames, 400);
  });
});

/** A copy of `bytes` with a little-endian integer of `size` bytes written at `at`. */
function patched(bytes: Buffer, at: number, value: number, size: 2 | 4): Buffer {
  const copy = Buffer.from(bytes);
  if (size === 2) copy.writeUInt16LE(value, at);
  else copy.writeUInt32LE(value, at);
  return copy;
}

/** Writes a WAV through a writer in uneven pieces, with a dither source. */
function writeWavWith(path: string, data: Float32Array[], bits: WavBits, dither?: DitherSource): void {
  const w = createWavWriter(path, { sampleRate: 48000, channels: data.length, bits, dither });
  for (let at = 0; at < data[0].length; at += 7001) w.write(data.map((d) => d.subarray(at)), Math.min(7001, data[0].length - at));
  w.close();
}

