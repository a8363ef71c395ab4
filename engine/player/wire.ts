// PCM on the wire: Float32 samples as little-endian bytes in base64 (JSON-RPC
// carries text; the webview decodes with atob into a Float32Array).
import { endianness } from "node:os";

const LITTLE = endianness() === "LE";

export function encodePcm(samples: Float32Array): string {
  if (LITTLE) return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString("base64");
  const bytes = Buffer.alloc(samples.length * 4);
  for (let i = 0; i < samples.length; i++) bytes.writeFloatLE(samples[i], i * 4);
  return bytes.toString("base64");
}

export function decodePcm(base64: string): Float32Array {
  const bytes = Buffer.from(base64, "base64");
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}
