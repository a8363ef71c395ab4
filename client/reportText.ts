// The last render's reports of a session, read from beside it, and the readable
// Markdown the "Show Loudness Report" document and the status bar's tooltip show.
// No `vscode` import: unit tests call it directly.
import { readFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { masterReportPath, parseMasteringReport, parseReport, reportPath, type LoudnessFigures, type MasteringReport, type RenderReport } from "../core/protocol/report";

export interface SessionReports {
  mix?: RenderReport;
  master?: MasteringReport;
}

export function sessionStemOf(path: string): string {
  return basename(path, extname(path));
}

export function readReports(sessionPath: string): SessionReports {
  const folder = dirname(sessionPath);
  const stem = sessionStemOf(sessionPath);
  const read = (rel: string) => {
    try {
      return readFileSync(join(folder, rel), "utf8");
    } catch {
      return undefined;
    }
  };
  const mixText = read(reportPath(stem));
  const masterText = read(masterReportPath(stem));
  return { mix: mixText === undefined ? undefined : parseReport(mixText), master: masterText === undefined ? undefined : parseMasteringReport(masterText) };
}

const num = (v: number | null | undefined, unit: string, digits = 1) => (v === null || v === undefined ? "—" : `${v.toFixed(digits)} ${unit}`);

/** The status bar's text: the master's figures when there is a master, else the mix's. */
export function statusText(reports: SessionReports): string | undefined {
  if (reports.master) return `master ${num(reports.master.after.integrated, "LUFS")} · ${num(reports.master.after.truePeak, "dBTP")}`;
  if (reports.mix) return `mix ${num(reports.mix.integrated, "LUFS")} · ${num(reports.mix.truePeak, "dBTP")}`;
  return undefined;
}

export function reportMarkdown(sessionName: string, reports: SessionReports): string {
  const lines = [`# Loudness report: ${sessionName}`, ""];
  if (reports.mix) lines.push(...mixSection(reports.mix));
  if (reports.master) lines.push(...masterSection(reports.master));
  if (!reports.mix && !reports.master) lines.push("Not rendered yet: run **Mixdown: Render Mix**.", "");
  return lines.join("\n");
}

function mixSection(r: RenderReport): string[] {
  return [
    `## Mix: \`${r.output}\``, "",
    "| measure | value |", "| --- | --- |",
    `| integrated loudness | ${num(r.integrated, "LUFS")} |`,
    `| true peak | ${num(r.truePeak, "dBTP")} |`,
    `| duration | ${r.duration.toFixed(2)} s |`,
    `| SHA-256 | \`${r.sha256}\` |`, "",
    "### Tracks", "",
    "| track | peak | loudness |", "| --- | --- | --- |",
    ...r.tracks.map((t) => `| ${t.id} | ${num(t.peak, "dBFS")} | ${num(t.loudness, "LUFS")} |`), "",
  ];
}

function masterSection(r: MasteringReport): string[] {
  const row = (label: string, key: keyof LoudnessFigures, unit: string) => `| ${label} | ${num(r.before[key], unit)} | ${num(r.after[key], unit)} |`;
  return [
    `## Master: \`${r.output}\``, "",
    r.target === null ? "No loudness target set." : `Target ${r.target} LUFS: ${r.reachedTarget ? "reached" : "**not reached**"}.`, "",
    "| measure | mix | master |", "| --- | --- | --- |",
    row("integrated loudness", "integrated", "LUFS"),
    row("loudness range", "range", "LU"),
    row("true peak", "truePeak", "dBTP"),
    row("sample peak", "samplePeak", "dBFS"),
    row("max momentary", "momentaryMax", "LUFS"),
    row("max short-term", "shortTermMax", "LUFS"), "",
    ...r.summary.map((s) => `- ${s}`), "",
    `SHA-256 \`${r.sha256}\``, "",
  ];
}
