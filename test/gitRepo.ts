// A temporary git repository for tests, with real `git`: no global or system
// config, a fixed identity, and helpers to write, commit and read.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { writeWav } from "../engine/io/wavWrite";
import { mulberry32 } from "./random";

export const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_AUTHOR_NAME: "Test", GIT_AUTHOR_EMAIL: "test@example.com", GIT_COMMITTER_NAME: "Test", GIT_COMMITTER_EMAIL: "test@example.com",
};

export class TempRepo {
  readonly dir = mkdtempSync(join(tmpdir(), "mixdown-git-"));

  constructor() {
    this.git("init", "-q", "-b", "main");
  }

  git(...args: string[]): string {
    return execFileSync("git", args, { cwd: this.dir, env: GIT_ENV, encoding: "utf8" });
  }

  write(path: string, text: string): string {
    const full = join(this.dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    return full;
  }

  /** A short stereo take of seeded, gently shaped noise. */
  take(path: string, seed: number, seconds = 1, amp = 0.3): string {
    const full = join(this.dir, path);
    mkdirSync(dirname(full), { recursive: true });
    const next = mulberry32(seed);
    const frames = Math.round(48000 * seconds);
    const ch = () => Float32Array.from({ length: frames }, (_, i) => amp * Math.sin(i / 20) * (0.5 + next() * 0.5));
    writeWav(full, [ch(), ch()], 48000, 24);
    return full;
  }

  commit(message: string): string {
    this.git("add", "-A");
    this.git("commit", "-q", "-m", message);
    return this.git("rev-parse", "HEAD").trim();
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
