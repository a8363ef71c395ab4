// `mixdown measure-latency [--device D] [--output SINK] [--capture-command CMD] [--rate HZ] [--no-store] [--json]`
import { storeLatency, measureLatency } from "../record/latency";
import { CaptureError } from "../record/recorder";
import { chooseCapture, choosePlayer, SetupError } from "../record/setup";
import { CliError, type Command } from "./args";

export const measureLatencyCommand: Command = {
  usage: "[--device D] [--output SINK] [--capture-command CMD] [--rate HZ] [--no-store] [--json]",
  summary: "Play chirps out, record them back, and store the round-trip latency in .mixdown/latency.json for mixdown record.",
  flags: { device: { value: true }, output: { value: true }, "capture-command": { value: true }, rate: { value: true }, "no-store": { value: false }, json: { value: false } },
  async run(args) {
    const device = typeof args.flags.get("device") === "string" ? String(args.flags.get("device")) : "default";
    const output = typeof args.flags.get("output") === "string" ? String(args.flags.get("output")) : "default";
    const rate = Number(args.flags.get("rate") ?? 48000);
    if (!Number.isInteger(rate) || rate < 8000 || rate > 192000) throw new CliError(`--rate is a sample rate in Hz (8000 to 192000), not '${String(args.flags.get("rate"))}'.`, 2);
    const template = args.flags.get("capture-command");
    let choice;
    try {
      choice = chooseCapture({ rate, device, channels: [1], template: typeof template === "string" ? template : undefined });
    } catch (error) {
      if (error instanceof SetupError) throw new CliError(error.message);
      throw error;
    }
    const player = choosePlayer(rate, output);
    if (!player) throw new CliError("no player found to play the chirps: install PulseAudio's tools (pacat), ffmpeg (ffplay), alsa-utils (aplay) or sox.");
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.on("SIGINT", stop);
    try {
      const m = await measureLatency({
        rate, captureChannels: choice.captureChannels, takeChannels: choice.takeChannels, capture: choice.capture,
        play: player.play, witness: player.witness, signal: controller.signal,
      });
      const file = args.flags.has("no-store") ? undefined : storeLatency(process.cwd(), { latencyMs: m.latencyMs, measuredAt: new Date().toISOString(), capture: choice.tool, device, output });
      if (args.flags.has("json")) process.stdout.write(JSON.stringify({ ...m, device, output, capture: choice.tool, file: file ?? null }) + "\n");
      else {
        process.stdout.write(`latency ${m.latencyMs.toFixed(2)} ms (median of runs: ${m.each.map((e) => e.toFixed(2)).join(", ")} ms; placed by ${m.placement})\n`);
        if (file) process.stdout.write(`stored in ${file}; mixdown record uses it for ${choice.tool}, device ${device}, output ${output}\n`);
      }
      return 0;
    } catch (error) {
      if (error instanceof CaptureError) throw new CliError(`${error.message}.`);
      if (error instanceof Error && /chirps/.test(error.message)) throw new CliError(error.message);
      throw error;
    } finally {
      process.off("SIGINT", stop);
    }
  },
};
