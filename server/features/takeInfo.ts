// What a take file is, for hover (core/takeFacts.ts): duration, rate, channels,
// format and peak level. Measured once per file version (path, size and
// modification time), asynchronously, so a long take never blocks the server.
import { describeTake, takeFacts } from "../../core/takeFacts";
import { nodeTakeReader } from "../../platform/nodeFiles";

const cache = new Map<string, Promise<string>>();

export function takeSummary(folder: string, path: string): Promise<string> {
  const reader = nodeTakeReader(folder);
  let stamp: string | undefined;
  try {
    stamp = reader.stamp(path);
  } catch (error) {
    return Promise.resolve(`**${path}**: cannot be read (${(error as Error).message}).`);
  }
  if (!stamp) return Promise.resolve(`**${path}**: the file does not exist.`);
  let summary = cache.get(stamp);
  if (!summary) {
    summary = takeFacts(reader, path).then(
      (facts) => describeTake(path, facts),
      (error: Error) => `**${path}**: ${error.message}`,
    );
    cache.set(stamp, summary);
  }
  return summary;
}
