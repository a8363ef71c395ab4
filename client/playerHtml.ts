// The player webview's page: a strict Content Security Policy (nothing by
// default; the script by nonce; styles, fonts and images only from the
// extension), the bundled dist/webview.js, and the DOM the script fills in.
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";

export function playerHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString("base64");
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, "dist", "webview.js"));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, "dist", "webview.css"));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    "media-src blob:",
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Mixdown Player</title>
</head>
<body>
<main id="mixdown-player" data-state="loading" data-position="0" data-played-hash="811c9dc5" data-version="0" data-recording="false" data-record-peak="0.0000" tabindex="-1">
  <header class="transport" role="toolbar" aria-label="Transport">
    <button id="play" type="button" aria-keyshortcuts="Space" title="Play / Pause (Space)">Play</button>
    <button id="stop" type="button" title="Stop (Escape)">Stop</button>
    <button id="loop" type="button" aria-pressed="false" title="Loop the selected region (L); shift-drag on the timeline to select">Loop</button>
    <output id="clock" aria-live="off">0:00.000</output>
    <output id="bars" title="bar:beat">1:1</output>
    <span id="title" class="title"></span>
    <nav class="views" role="tablist" aria-label="Views">
      <button role="tab" data-view="recording" type="button">Recording</button>
      <button role="tab" data-view="mixing" type="button">Mixing</button>
      <button role="tab" data-view="mastering" type="button">Mastering</button>
    </nav>
  </header>
  <div id="problems" class="problems" role="status" hidden></div>
  <section id="compare" class="compare" aria-label="A/B comparison with a revision" hidden></section>
  <section id="recording" class="view" role="tabpanel" aria-label="Recording">
    <div id="recordLive" class="record-live"></div>
    <div id="recordTables"></div>
  </section>
  <section id="mixing" class="view" role="tabpanel" aria-label="Mixing">
    <div class="timeline" title="Click to move the playhead; shift-drag to select a loop region">
      <div id="lanes" class="lanes"></div>
      <div id="playhead" class="playhead" aria-hidden="true"></div>
    </div>
    <div class="side">
      <div id="masterMeters" class="meters"></div>
      <canvas id="spectrum" class="spectrum" width="320" height="120" aria-label="Spectrum"></canvas>
      <div id="routing" class="routing"></div>
    </div>
  </section>
  <section id="mastering" class="view" role="tabpanel" aria-label="Mastering">
    <div class="ab" role="radiogroup" aria-label="Listen to">
      <button id="listenMix" type="button" role="radio">Before (mix, matched loudness)</button>
      <button id="listenMaster" type="button" role="radio">After (master)</button>
    </div>
    <canvas id="loudnessPlot" class="plot" width="640" height="160" aria-label="Short-term loudness over time"></canvas>
    <canvas id="spectrumMaster" class="spectrum" width="640" height="120" aria-label="Spectrum"></canvas>
    <div id="loudnessReadout" class="meters"></div>
    <ul id="chainSummary" class="summary"></ul>
  </section>
</main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
