// The canonical 44-byte WAV header, written field by field, for tests that
// need a file the engine's writer would never make (odd or broken fields).

export interface HeaderFields {
  /** 1 = integer PCM, 3 = IEEE float. */
  format: 1 | 3;
  channels: number;
  rate: number;
  bits: number;
  /** What the data chunk says it holds, in bytes. */
  dataBytes: number;
}

export function wavHeader(f: HeaderFields): Buffer {
  const frameBytes = (f.channels * f.bits) / 8;
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + f.dataBytes, 4);
  header.write("WAVEfmt ", 8, "ascii");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(f.format, 20);
  header.writeUInt16LE(f.channels, 22);
  header.writeUInt32LE(f.rate, 24);
  header.writeUInt32LE(f.rate * frameBytes, 28);
  header.writeUInt16LE(frameBytes, 32);
  header.writeUInt16LE(f.bits, 34);
  header.write("data", 36, "ascii");
  header.writeUInt32LE(f.dataBytes, 40);
  return header;
}
