// The server's view of open sessions: one cached analysis per document
// version, take files probed through a cache that file events invalidate.
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { analyze, type Analysis } from "../core/analyze";
import { nodeUserEffects } from "../platform/faustEffects";
import { nodeProbe } from "../platform/nodeFiles";
import { ParseCache } from "../core/parse";
import type { FileProbe } from "../core/takes";

export interface SessionState {
  doc: TextDocument;
  /** The version analysed (TextDocuments updates `doc` in place, so it is kept apart). */
  version: number;
  analysis: Analysis;
  /** The session file's folder, or undefined for an unsaved document. */
  folder: string | undefined;
}

type Head = ReturnType<FileProbe["head"]>;

/** Take headers by absolute path; cleared for a path when the file changes on disk. */
export class ProbeCache {
  private readonly heads = new Map<string, Head | Error>();

  probeFor(folder: string): FileProbe {
    const real = nodeProbe(folder);
    return {
      head: (path) => {
        const key = `${folder}\u0000${path}`;
        let hit = this.heads.get(key);
        if (hit === undefined && !this.heads.has(key)) {
          try {
            hit = real.head(path);
          } catch (error) {
            hit = error as Error;
          }
          this.heads.set(key, hit);
        }
        if (hit instanceof Error) throw hit;
        return hit;
      },
    };
  }

  /** Forgets every cached header (a take appeared, changed or disappeared). */
  clear(): void {
    this.heads.clear();
  }
}

export function folderOf(uri: string): string | undefined {
  return uri.startsWith("file:") ? dirname(fileURLToPath(uri)) : undefined;
}

export class SessionStore {
  private readonly states = new Map<string, SessionState>();
  private readonly parseCaches = new Map<string, ParseCache>();
  readonly probes = new ProbeCache();

  /** The analysis of this exact document version, computed once. */
  get(doc: TextDocument): SessionState {
    const cached = this.states.get(doc.uri);
    if (cached && cached.version === doc.version && cached.doc === doc) return cached;
    const folder = folderOf(doc.uri);
    let parseCache = this.parseCaches.get(doc.uri);
    if (!parseCache) this.parseCaches.set(doc.uri, (parseCache = new ParseCache()));
    // `fx` programs are compiled (once per content hash) when the session has one; a changed .dsp is a new hash.
    const userEffects = folder ? nodeUserEffects(folder) : undefined;
    const analysis = analyze(doc.getText(), { probe: folder ? this.probes.probeFor(folder) : undefined, parseCache, userEffects });
    const state = { doc, version: doc.version, analysis, folder };
    this.states.set(doc.uri, state);
    return state;
  }

  /** Drops cached analyses so the next `get` re-reads takes. */
  invalidate(): void {
    this.states.clear();
    this.probes.clear();
  }

  forget(uri: string): void {
    this.states.delete(uri);
    this.parseCaches.delete(uri);
  }
}
