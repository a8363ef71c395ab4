// Provisioning for the suites that need more than Node: one apt-get run for every Debian package,
// code-server and Node 24 from npm when an editor suite needs them. Each step says whether it
// reused, installed or could not, and why.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { DEBIAN_NEEDS, provisionDebian, type DebianGroup, type DebianResult } from "./debian";
import { provisionEditor, type Editor } from "./editor";

export type { Editor } from "./editor";

/** Either ready, or the reason a suite that needs it must be skipped. */
export type Readiness<T = true> = { ok: true; value: T } | { ok: false; reason: string };

export interface Provision {
  /** PulseAudio and the reference audio tools. */
  audio: Readiness;
  /** A Chromium for Playwright: its executable. */
  browser: Readiness<string>;
  /** code-server on Node 24; provisioned on first call, then remembered. */
  editor(): Readiness<Editor>;
  /** What happened, one line a step, for the log. */
  report: string[];
}

/** Where a Chromium is: MIXDOWN_CHROMIUM, or Debian's. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.MIXDOWN_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

function missingReason(debian: DebianResult, group: DebianGroup): string | undefined {
  const lacking = debian.missing[group];
  if (!lacking) return undefined;
  return `missing Debian packages ${lacking.join(" ")} (${debian.reason ?? "apt-get did not install them"})`;
}

/** Installs what can be installed and says what every suite can count on. */
export function provisionAll(root: string): Provision {
  const logDir = join(root, ".cache", "provision");
  mkdirSync(logDir, { recursive: true });
  const groups = Object.keys(DEBIAN_NEEDS) as DebianGroup[];
  const debian = provisionDebian(groups, join(logDir, "apt.log"));
  const report = [
    debian.installed.length > 0
      ? `Debian: installed ${debian.installed.join(" ")} in ${debian.seconds.toFixed(1)} s`
      : `Debian: nothing to install (${debian.seconds.toFixed(1)} s)`,
  ];
  if (debian.reason) report.push(`Debian: ${debian.reason}`);

  const audioMissing = missingReason(debian, "audio");
  const audio: Readiness = audioMissing ? { ok: false, reason: audioMissing } : { ok: true, value: true };
  const browserMissing = missingReason(debian, "browser");
  const chromium = chromiumPath();
  const browser: Readiness<string> = chromium
    ? { ok: true, value: chromium }
    : { ok: false, reason: browserMissing ?? "no Chromium found (set MIXDOWN_CHROMIUM)" };

  let editor: Readiness<Editor> | undefined;
  const provideEditor = (): Readiness<Editor> => {
    if (editor) return editor;
    const result = provisionEditor(root, missingReason(debian, "editorBuild"));
    const line = result.ok
      ? `code-server: ${result.reused ? "reused" : "installed"} (VS Code ${result.editor.vscodeVersion}) in ${result.seconds.toFixed(1)} s`
      : `code-server: not available: ${result.reason}`;
    report.push(line);
    console.log(`provision: ${line}`);
    editor = result.ok ? { ok: true, value: result.editor } : { ok: false, reason: result.reason };
    return editor;
  };
  return { audio, browser, editor: provideEditor, report };
}

const MEMO = Symbol.for("mixdown.provision");

/** `provisionAll` once per process: `npm test` provisions, and suites started by it reuse that. */
export function provisioned(root: string): Provision {
  const store = globalThis as { [MEMO]?: Provision };
  store[MEMO] ??= provisionAll(root);
  return store[MEMO];
}
