/**
 * Completion and key hovers for one document, by file kind: the glue between the server and
 * `completion.ts` / `hover-keys.ts`. Reads the document's text around the cursor and cheap line outlines of the
 * files it includes; the engine is asked only for the file's kind, the project's files and, for hovers on jobs and
 * DinD variable values, the last built pipeline where it is still right (last-model.ts) — never for an analysis.
 */
import { posix } from 'node:path';
import picomatch from 'picomatch';
import type { CompletionList, Hover, Position } from 'vscode-languageserver';
import type { Workspace } from '../engine/workspace';
import type { FileKind } from '../engine/types';
import { jobByName } from './last-model';
import { LineIndex } from '../formats/text';
import { ciCompletion, runnerCompletion, type CiFacts } from './completion';
import { outlineOf, type CiOutline } from './ci-outline';
import { helmRunnerBlock } from './helm-block';
import { ciKeyHover, runnerKeyHover, type KeyHover } from './hover-keys';

export interface DocumentAt {
  ws: Workspace;
  path: string;
  text: string;
  /** The workspace folder of the file (local includes are relative to it). */
  root: string;
  /** A file's text (open documents first); undefined when it cannot be read. */
  readFile(path: string): string | undefined;
}

const MAX_INCLUDED_OUTLINES = 50;

/**
 * A file's kind, remembered for a few seconds: asking the engine about a YAML file not named .gitlab-ci.yml
 * rediscovers the workspace (every pipeline) after each edit, which completion must not pay per keystroke.
 */
const KIND_TTL_MS = 5000;
const kinds = new WeakMap<Workspace, Map<string, { kind: FileKind | undefined; at: number }>>();
export function kindOf(d: { ws: Workspace; path: string }): FileKind | undefined {
  let byPath = kinds.get(d.ws);
  if (!byPath) kinds.set(d.ws, (byPath = new Map()));
  const hit = byPath.get(d.path);
  const now = Date.now();
  if (hit && now - hit.at < KIND_TTL_MS) return hit.kind;
  const kind = d.ws.kindOf(d.path);
  byPath.set(d.path, { kind, at: now });
  return kind;
}

function ciFacts(d: DocumentAt): CiFacts {
  let outlines: CiOutline[] | undefined;
  return {
    outlines: () => (outlines ??= includedOutlines(d)),
    job: (name) => jobByName(d.ws, d.path, name, d.readFile)?.job,
    localFiles: () => d.ws.workspaceFiles().filter((f) => f !== d.path && f.startsWith(d.root + '/') && /\.ya?ml$/i.test(f)).map((f) => f.slice(d.root.length + 1)),
  };
}

/** This file's outline, then those of its local includes (breadth first, each file once). */
function includedOutlines(d: DocumentAt): CiOutline[] {
  const out = [outlineOf(d.path, d.text)];
  const seen = new Set([d.path]);
  let files: readonly string[] | undefined;
  for (let i = 0; i < out.length && out.length < MAX_INCLUDED_OUTLINES; i++) {
    for (const target of out[i].includes) {
      const rel = target.replace(/^\/+/, '');
      let paths = [posix.join(d.root, rel)];
      if (/[*?[{]/.test(rel)) { const m = picomatch(rel, { dot: true }); paths = (files ??= d.ws.workspaceFiles()).filter((f) => f.startsWith(d.root + '/') && m(f.slice(d.root.length + 1))); }
      for (const p of paths) {
        if (seen.has(p)) continue;
        seen.add(p);
        let text: string | undefined;
        try { text = d.readFile(p); } catch { text = undefined; }
        if (text !== undefined) out.push(outlineOf(p, text));
      }
    }
  }
  return out;
}

export function completionIn(d: DocumentAt, pos: Position): CompletionList | null {
  const kind = kindOf(d);
  if (kind === 'runner-config') return runnerCompletion(d.text.split(/\r?\n/), pos.line, pos.character);
  const lines = LineIndex.of(d.text);
  if (kind === 'helm-values') {
    const b = helmRunnerBlock(lines, pos.line, pos.character);
    return b ? runnerCompletion(b.lines, b.line, b.character, b.at) : null;
  }
  if (kind === 'gitlab-ci') return ciCompletion(lines, pos, ciFacts(d));
  return null;
}

export function keyHoverIn(d: DocumentAt, pos: Position): KeyHover | null {
  const kind = kindOf(d);
  if (kind === 'runner-config') return runnerKeyHover(d.text.split(/\r?\n/), pos.line, pos.character);
  if (kind === 'helm-values') {
    const b = helmRunnerBlock(LineIndex.of(d.text), pos.line, pos.character);
    return b ? runnerKeyHover(b.lines, b.line, b.character, b.at) : null;
  }
  if (kind === 'gitlab-ci') {
    return ciKeyHover(d.text, pos, {
      // only a hover builds a pipeline, when none was ever built (an edit's analysis builds the next one)
      job: (name) => jobByName(d.ws, d.path, name, d.readFile, true),
      shownPath: (f) => (f.startsWith(d.root + '/') ? f.slice(d.root.length + 1) : posix.basename(f)),
    });
  }
  return null;
}

/** One hover from the findings' hover and the key hover (findings first). */
export function joinHovers(findings: Hover | null, keys: KeyHover | null): Hover | null {
  if (!keys) return findings;
  if (!findings) return { contents: { kind: 'markdown', value: keys.markdown }, range: keys.range };
  const value = typeof findings.contents === 'object' && 'value' in findings.contents ? findings.contents.value : '';
  return { contents: { kind: 'markdown', value: value ? `${value}\n\n---\n\n${keys.markdown}` : keys.markdown } };
}
