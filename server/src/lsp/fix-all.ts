/**
 * "Fix all": the safe fixes of one file, through the engine's fixer (multi-pass, bounded, stable), as one text edit.
 * Serves the `source.fixAll.dindDoctor` code action (so `editor.codeActionsOnSave` works) and the
 * "dind-doctor: Fix all safe problems in this file" command.
 */
import { fixUntilStable } from '../engine/fixer';
import { autoFix } from '../engine/fix-policy';
import type { FileSystem } from '../engine/types';
import type { WorkspaceApi } from '../engine/workspace-api';
import { LineIndex } from '../formats/text';
import type { CodeAction, TextEdit } from 'vscode-languageserver';

export const FIX_ALL_KIND = 'source.fixAll.dindDoctor';
/** The client's command "dind-doctor: Fix all safe problems in this file" runs the action above. */
export const FIX_ALL_COMMAND = 'dindDoctor.fixAll';

export interface FixAllResult {
  /** The one edit that turns the file's text into the fixed text (none when nothing changed). */
  edits: TextEdit[];
  /** Problems fixed. */
  fixed: number;
}

/**
 * Runs the fixer over `path` on a scratch copy of the files: `base` gives the current texts (open documents first),
 * `createEngine` an engine configured as the file's own, over the file system it is handed. Only safe fixes of this
 * file's findings that edit this file alone apply; nothing is written.
 */
export function fixAllInFile(path: string, base: FileSystem, createEngine: (fs: FileSystem) => WorkspaceApi): FixAllResult {
  const original = base.readFile(path);
  if (original === undefined) return { edits: [], fixed: 0 };
  const scratch = new Map<string, string>();
  const fs: FileSystem = {
    readFile: (p) => (scratch.has(p) ? scratch.get(p) : base.readFile(p)),
    listFiles: base.listFiles ? (dir) => base.listFiles!(dir) : undefined,
  };
  const ws = createEngine(fs);
  if (!ws.kindOf(path)) return { edits: [], fixed: 0 };
  const result = fixUntilStable({
    readFile: (p) => fs.readFile(p),
    setText: (p, text) => { scratch.set(p, text); ws.changed(p); },
    analyze: () => ws.analyze(path),
    // the engine checks that a fix keeps the file parsing from its own parse (only the edited entry is parsed again)
    parseProblem: ws.parseProblem ? (p, text) => ws.parseProblem!(p, text) : undefined,
    mayNotEdit: (p) => (p === path ? undefined : 'fix all changes only the file it is run on'),
  }, ws.analyze(path), { choose: (f) => autoFix(f, 'safe') });
  const fixed = scratch.get(path);
  if (fixed === undefined || fixed === original) return { edits: [], fixed: 0 };
  return { edits: [minimalEdit(original, fixed)], fixed: result.fixed };
}

/** One edit from `before` to `after`: the span between their common start and common end. */
export function minimalEdit(before: string, after: string): TextEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  // Never split a CRLF pair or a surrogate pair.
  while (start > 0 && (isLowSurrogate(before.charCodeAt(start)) || (before[start] === '\n' && before[start - 1] === '\r'))) start--;
  while (end > 0 && (isLowSurrogate(before.charCodeAt(before.length - end)) || (before[before.length - end] === '\n' && before[before.length - end - 1] === '\r'))) end--;
  const lines = new LineIndex(before);
  return { range: lines.range(start, before.length - end), newText: after.slice(start, after.length - end) };
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Whether a code-action request asks for actions of `kind` (`only` absent: every kind but source actions). */
export function wantsKind(only: readonly string[] | undefined, kind: string): boolean {
  if (!only) return !kind.startsWith('source');
  return only.some((k) => kind === k || kind.startsWith(k + '.'));
}

/** The `source.fixAll.dindDoctor` action for a document, or none when there is nothing to fix. */
export function fixAllAction(uri: string, result: FixAllResult): CodeAction | undefined {
  if (result.edits.length === 0) return undefined;
  const n = result.fixed;
  return {
    title: `Fix all safe dind-doctor problems${n > 0 ? ` (${n})` : ''}`,
    kind: FIX_ALL_KIND,
    edit: { changes: { [uri]: result.edits } },
  };
}
