// The Mixdown language server: wires the connection to one feature per file.
// Runs in VS Code (IPC) and in any editor over stdio (`mixdown lsp --stdio`).
import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
  type Connection, type InitializeResult,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { SessionStore, type SessionState } from "./documents";
import { codeActions } from "./features/codeActions";
import { complete } from "./features/completion";
import { toLspDiagnostics } from "./features/diagnostics";
import { expectDiagnostics } from "./features/expectResults";
import { formatDocument } from "./features/formatting";
import { hover } from "./features/hover";
import { inlayHints } from "./features/inlayHints";
import { definition, prepareRename, references, rename } from "./features/navigation";
import { documentSymbols, foldingRanges, selectionRanges } from "./features/outline";
import { LEGEND, semanticTokens } from "./features/semanticTokens";

/** Edits arriving within this window are checked once. */
const DEBOUNCE_MS = 8;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const store = new SessionStore();
  const timers = new Map<string, NodeJS.Timeout>();

  const state = (uri: string): SessionState | undefined => {
    const doc = documents.get(uri);
    return doc ? store.get(doc) : undefined;
  };
  const publish = (doc: TextDocument) => {
    timers.delete(doc.uri);
    const s = store.get(doc);
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: toLspDiagnostics(doc, [...s.analysis.diagnostics, ...expectDiagnostics(s)]) });
  };
  const schedule = (doc: TextDocument) => {
    clearTimeout(timers.get(doc.uri));
    timers.set(doc.uri, setTimeout(() => {
      const current = documents.get(doc.uri);
      if (current) guarded(() => publish(current));
    }, DEBOUNCE_MS));
  };

  let canRefreshHints = false;
  connection.onInitialize((params): InitializeResult => {
    canRefreshHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    return capabilities();
  });
  const capabilities = (): InitializeResult => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [" ", '"', "/"] },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      selectionRangeProvider: true,
      documentFormattingProvider: true,
      codeActionProvider: { codeActionKinds: ["quickfix"] },
      semanticTokensProvider: { legend: LEGEND, full: true },
      inlayHintProvider: true,
    },
    serverInfo: { name: "mixdown" },
  });

  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    store.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  // A take appeared, changed or disappeared: check every open session again.
  // A render report or test result changed: ask the client to pull inlay hints again.
  connection.onDidChangeWatchedFiles(() => {
    store.invalidate();
    for (const doc of documents.all()) schedule(doc);
    if (canRefreshHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
  });

  const at = <P extends { textDocument: { uri: string }; position: { line: number; character: number } }, R>(
    fn: (s: SessionState, offset: number, p: P) => R, empty: R,
  ) => (p: P): R => guarded(() => {
    const s = state(p.textDocument.uri);
    return s ? fn(s, s.doc.offsetAt(p.position), p) : empty;
  }, empty);
  const whole = <P extends { textDocument: { uri: string } }, R>(fn: (s: SessionState, p: P) => R, empty: R) => (p: P): R =>
    guarded(() => {
      const s = state(p.textDocument.uri);
      return s ? fn(s, p) : empty;
    }, empty);

  connection.onCompletion(at((s, o) => complete(s, o), []));
  connection.onHover(at((s, o) => hover(s, o), null));
  connection.onDefinition(at((s, o) => definition(s, o), null));
  connection.onReferences(at((s, o, p) => references(s, o, p.context.includeDeclaration), []));
  connection.onPrepareRename(at((s, o) => prepareRename(s, o), null));
  connection.onRenameRequest((p) => {
    const s = state(p.textDocument.uri);
    return s ? rename(s, s.doc.offsetAt(p.position), p.newName) : null;
  });
  connection.onDocumentSymbol(whole((s) => documentSymbols(s), []));
  connection.onFoldingRanges(whole((s) => foldingRanges(s), []));
  connection.onSelectionRanges(whole((s, p) => selectionRanges(s, p.positions.map((pos) => s.doc.offsetAt(pos))), []));
  connection.onDocumentFormatting(whole((s) => formatDocument(s), []));
  connection.onCodeAction(whole((s, p) => codeActions(s, p), []));
  connection.languages.semanticTokens.on(whole((s) => semanticTokens(s), { data: [] }));
  connection.languages.inlayHint.on(whole((s, p) => inlayHints(s, s.doc.offsetAt(p.range.start), s.doc.offsetAt(p.range.end)), []));

  documents.listen(connection);
  connection.listen();

  /** A feature that throws must not take the server down: log it and answer empty. */
  function guarded<R>(fn: () => R, empty?: R): R {
    try {
      return fn();
    } catch (error) {
      connection.console.error(`mixdown: ${(error as Error).stack ?? error}`);
      return empty as R;
    }
  }
}

if (require.main === module) startServer(createConnection(ProposedFeatures.all));
