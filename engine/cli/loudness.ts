// `mixdown loudness FILE.wav [--json]`: BS.1770-4 / EBU R128 measurement.
import { openWavReader } from "../io/wavRead";
import { LoudnessMeter } from "../loudness";
import { CliError, onePath, type Command } from "./args";

export const loudnessCommand: Command = {
  usage: "FILE.wav [--json]",
  summary: "Measure integrated loudness, loudness range, true peak, sample peak, max momentary and short-term loudness.",
  flags: { json: { value: false } },
  run(args) {
    const path = onePath(args, "WAV file");
    let reader;
    try {
      reader = openWavReader(path);
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    const meter = new LoudnessMeter(reader.sampleRate, reader.channels);
    const block = Array.from({ length: reader.channels }, () => new Float32Array(65536));
    try {
      for (let n = reader.read(65536, block); n > 0; n = reader.read(65536, block)) meter.push(block, n);
    } finally {
      reader.close();
    }
    const r = meter.result();
    const value = (v: number) => (Number.isFinite(v) ? Math.round(v * 100) / 100 : null);
    const json = { integrated: value(r.integrated), range: value(r.range), truePeak: value(r.truePeak), samplePeak: value(r.samplePeak), momentaryMax: value(r.momentaryMax), shortTermMax: value(r.shortTermMax) };
    if (args.flags.has("json")) process.stdout.write(JSON.stringify(json, null, 2) + "\n");
    else {
      const f = (v: number | null, unit: string) => (v === null ? "-inf" : `${v.toFixed(1)} ${unit}`);
      process.stdout.write(`${path}\n  integrated ${f(json.integrated, "LUFS")}\n  range ${f(json.range, "LU")}\n  true peak ${f(json.truePeak, "dBTP")}\n  sample peak ${f(json.samplePeak, "dBFS")}\n  momentary max ${f(json.momentaryMax, "LUFS")}\n  short-term max ${f(json.shortTermMax, "LUFS")}\n`);
    }
    return 0;
  },
};
