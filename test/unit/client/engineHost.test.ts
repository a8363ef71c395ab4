// The engine process as the extension runs it: forked by client/engineHost.ts,
// spoken to over vscode-jsonrpc (core/protocol/engine.ts): render, measure,
// cancel (no partial file), an invalid session, a crash and the restart after it.
import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CancellationTokenSource, ResponseError } from "vscode-jsonrpc/node";
import { EngineErrorCode, InfoRequest, type EngineProgress } from "../../../core/protocol/engine";
import { LoudnessRequest, MasterRequest, RenderRequest } from "../../../core/protocol/render";
import { parseMasteringReport, parseReport } from "../../../core/protocol/report";
import { EngineHost } from "../../../client/engineHost";
import { ROOT } from "../../helpers";
import { copyNightDrive, writeLongSession } from "../../fixtures/sessions";

describe("engine process (client/engineHost.ts <-> engine/rpc/main.ts)", function () {
  this.timeout(120_000);
  let dir: string;
  let host: EngineHost;
  const crashes: string[] = [];
  const logs: string[] = [];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "mixdown-engine-host-"));
    host = new EngineHost({
      module: join(ROOT, "engine", "rpc", "main.ts"),
      execArgv: ["--import", "tsx"],
      log: (level, message) => logs.push(`${level}: ${message}`),
      onCrash: (message) => crashes.push(message),
    });
  });
  after(async () => {
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("renders a session, reports progress, and the file measures what the report says", async () => {
    const session = copyNightDrive(ROOT, dir);
    const progress: EngineProgress[] = [];
    const result = await host.request(RenderRequest, { session: { path: session } }, { onProgress: (p) => progress.push(p) });
    assert.equal(result.path, join(dir, "renders", "night-drive-mix.wav"));
    assert.ok(existsSync(result.path));
    assert.deepEqual(parseReport(readFileSync(result.reportPath, "utf8")), result.report);
    assert.ok(progress.some((p) => p.fraction !== undefined && p.fraction > 0 && p.fraction < 1), `progress: ${JSON.stringify(progress)}`);
    const measured = await host.request(LoudnessRequest, { path: result.path });
    assert.ok(result.report.integrated !== null && measured.integrated !== null);
    assert.ok(Math.abs(measured.integrated - result.report.integrated) <= 0.011, `${measured.integrated} vs ${result.report.integrated}`);
  });

  it("masters it to the target and writes the mastering report", async () => {
    const session = join(dir, "night-drive.session");
    const result = await host.request(MasterRequest, { session: { path: session } });
    assert.equal(result.path, join(dir, "mix", "night-drive.wav"));
    assert.deepEqual(parseMasteringReport(readFileSync(result.reportPath, "utf8")), result.report);
    assert.ok(result.report.reachedTarget);
    const measured = await host.request(LoudnessRequest, { path: result.path });
    assert.ok(Math.abs(measured.integrated! - result.report.after.integrated!) <= 0.02, `${measured.integrated} vs ${result.report.after.integrated}`);
    assert.ok(Math.abs(measured.integrated! - -14) <= 0.1);
  });

  it("renders the text it is sent instead of the file's", async () => {
    const session = join(dir, "night-drive.session");
    const text = readFileSync(session, "utf8").replace("track kick {", "track kick {\n  mute");
    const muted = await host.request(RenderRequest, { session: { path: session, text }, out: "renders/muted.wav" });
    assert.equal(muted.report.tracks.find((t) => t.id === "kick")?.peak, null, "the kick is muted in the sent text");
  });

  it("cancels a long render: a Cancelled error, and no file, not even a partial one", async () => {
    const session = writeLongSession(ROOT, dir);
    const cancel = new CancellationTokenSource();
    let firstProgress = false;
    const request = host.request(RenderRequest, { session: { path: session } }, {
      token: cancel.token,
      onProgress: (p) => {
        if (p.fraction !== undefined && p.fraction > 0.01 && !firstProgress) {
          firstProgress = true;
          cancel.cancel();
        }
      },
    });
    await assert.rejects(request, (error: unknown) => error instanceof ResponseError && error.code === EngineErrorCode.Cancelled);
    assert.ok(firstProgress);
    assert.deepEqual(readdirSync(join(dir, "renders")).filter((f) => f.includes("long")), [], "nothing of the long render is left");
  });

  it("refuses an invalid session with its problems, writing nothing", async () => {
    const bad = join(dir, "bad.session");
    writeFileSync(bad, 'track a {\n  take "takes/kick.wav"\n  out nowhere\n}\n');
    await assert.rejects(host.request(RenderRequest, { session: { path: bad } }), (error: unknown) => {
      assert.ok(error instanceof ResponseError);
      assert.equal(error.code, EngineErrorCode.InvalidSession);
      assert.match(error.message, /'bad\.session' has 1 error .*line 3: No bus named 'nowhere'.*Fix them/);
      assert.deepEqual((error.data as { origin?: number[] }).origin?.length, 2);
      return true;
    });
    assert.ok(!existsSync(join(dir, "renders", "bad-mix.wav")));
  });

  it("reports a crash and starts again on the next request", async () => {
    const before = host.starts;
    const pid = host.pid;
    assert.ok(pid);
    process.kill(pid, "SIGKILL");
    await waitUntil(() => crashes.length > 0);
    assert.match(crashes[0], /stopped unexpectedly \(signal SIGKILL\)\. It restarts on the next command/);
    const info = await host.request(InfoRequest, {});
    assert.notEqual(info.pid, pid);
    assert.equal(host.starts, before + 1);
  });
});

async function waitUntil(test: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}
