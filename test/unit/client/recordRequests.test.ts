// The engine's recording requests as the extension sends them (client/engineHost.ts ->
// engine/rpc/record.ts), where no sound server is needed: a crashed take (a WAV with its
// journal) is found, repaired and added by edits; the journal goes once the session names it;
// a capture command that is not installed is a clear error that writes no take. Recording itself
// is tested against a real PulseAudio server in test/e2e/suite/record.test.ts.
import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ResponseError } from "vscode-jsonrpc/node";
import { EngineHost } from "../../../client/engineHost";
import { EngineErrorCode } from "../../../core/protocol/engine";
import { AdoptTakeRequest, CaptureDevicesRequest, OrphanTakesRequest, RecordStartRequest, RecordStopRequest, TakeCommittedRequest } from "../../../core/protocol/record";
import { applyEdits } from "../../../core/recordEdit";
import { writeWav } from "../../../engine/io/wavWrite";
import { ROOT } from "../../helpers";

const SESSION = `session "Rec" {
  rate 48 kHz
}

track vox {
  take "takes/vox-old.wav"
}
`;

describe("engine process: recording requests", function () {
  this.timeout(60_000);
  let dir: string;
  let host: EngineHost;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "mixdown-record-requests-"));
    mkdirSync(join(dir, "takes"));
    writeWav(join(dir, "takes", "vox-old.wav"), [new Float32Array(48_000 * 4)], 48_000, 32);
    writeFileSync(join(dir, "s.session"), SESSION);
    host = new EngineHost({ module: join(ROOT, "engine", "rpc", "main.ts"), execArgv: ["--import", "tsx"], log: () => undefined, onCrash: () => undefined });
  });
  after(async () => {
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("finds a crashed take, adds it by edits at its recorded position (the take it overlaps kept as alt), and drops its journal once committed", async () => {
    const take = join(dir, "takes", "vox-1.wav");
    writeWav(take, [new Float32Array(48_000 * 2)], 48_000, 32);
    writeFileSync(`${take}.json`, JSON.stringify({ session: join(dir, "s.session"), track: "vox", at: 1.5, startedAt: new Date().toISOString() }));
    const session = join(dir, "s.session");
    const orphans = await host.request(OrphanTakesRequest, { session, text: SESSION });
    assert.deepEqual(orphans.map((o) => [o.take, o.track, o.at, o.crashed, o.seconds]), [["takes/vox-1.wav", "vox", 1.5, true, 2]]);
    const edits = await host.request(AdoptTakeRequest, { session, text: SESSION, take: "takes/vox-1.wav" });
    const text = applyEdits(SESSION, edits);
    assert.match(text, /track vox \{\n  alt "takes\/vox-old\.wav"\n  take "takes\/vox-1\.wav" \{\n    at 0:01\.500\n  \}\n\}/);
    await host.request(TakeCommittedRequest, { path: take });
    assert.ok(!existsSync(`${take}.json`));
    assert.deepEqual(await host.request(OrphanTakesRequest, { session, text }), []);
  });

  it("says which capture command is missing, and writes no take", async () => {
    const before = readdirSync(join(dir, "takes")).sort();
    await assert.rejects(
      host.request(RecordStartRequest, { session: { path: join(dir, "s.session") }, track: "vox", output: null, captureCommand: "no-such-recorder-xyz --rate {rate}" }),
      (e: unknown) => e instanceof ResponseError && e.code === EngineErrorCode.Failed && /'no-such-recorder-xyz' .*was not found/.test(e.message),
    );
    assert.deepEqual(readdirSync(join(dir, "takes")).sort(), before);
    assert.equal(await host.request(RecordStopRequest, {}), false, "nothing is recording");
  });

  it("lists capture devices for the picker, and none with a capture command template", async () => {
    const listed = await host.request(CaptureDevicesRequest, {});
    assert.ok(Array.isArray(listed.devices) && listed.devices.every((d) => typeof d === "string" && d.length > 0), JSON.stringify(listed));
    if (listed.tool === null) assert.deepEqual(listed.devices, []);
    assert.deepEqual(await host.request(CaptureDevicesRequest, { captureCommand: "my-recorder {rate}" }), { tool: null, devices: [] });
  });
});
