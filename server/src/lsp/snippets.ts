/**
 * Snippets as completion items, offered only where they fit: the build-job snippets in GitLab CI files, the
 * `[[runners]]` snippets in runner config.toml files, the gitlab-runner Helm values snippet in a values file that has
 * no `runners:` yet. A static `contributes.snippets` entry cannot do this (VS Code offers it in every file of the
 * language: the Helm snippet in CI files, the runner snippets in any TOML), nor pick a job name: here each job
 * snippet's name placeholder defaults to a name no top-level key of the file uses (`build-image`, `build-image-2`,
 * …), so two snippets inserted in one file define two jobs instead of one duplicate key.
 *
 * Bodies come from the strategy module (common/strategies.ts), the same text the build-strategy picker writes.
 */
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type Position } from 'vscode-languageserver';
import { DEFAULT_JOB_NAME, renderSnippets, snippetSources, type SnippetSource } from '../../../common/strategies';
import type { FileKind } from '../engine/types';
import { LineIndex } from '../formats/text';

export type SnippetTarget = SnippetSource['kind'];

interface Snippet { prefix: string; kind: SnippetTarget; description: string; body: string }

let cache: Snippet[] | undefined;
/** Every snippet, with its target file kind. */
export function allSnippets(): Snippet[] {
  if (!cache) {
    const { ci, runner } = renderSnippets();
    const kinds = new Map(snippetSources().map((s) => [s.prefix, s.kind]));
    cache = Object.values({ ...ci, ...runner }).map((s) => ({ prefix: s.prefix, kind: kinds.get(s.prefix)!, description: s.description, body: s.body.join('\n') }));
  }
  return cache;
}

/** Top-level mapping keys of a YAML text (read line by line, so a half-typed file works too). */
export function topLevelKeys(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^(?:"([^"]*)"|'([^']*)'|([^\s#'"\-[{][^:#]*?))[ \t]*:(?:[ \t]|$)/.exec(line);
    if (m) out.add(m[1] ?? m[2] ?? m[3]);
  }
  return out;
}

/** The first of `build-image`, `build-image-2`, … that no top-level key of the text uses. */
export function freeJobName(text: string, base = DEFAULT_JOB_NAME): string {
  const taken = topLevelKeys(text);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/**
 * Which snippets a file takes: job snippets in CI files, runner snippets in TOML runner configs, the Helm snippet in
 * Helm values (or a `values*.yaml` that is not yet one) without a `runners:` key. Undefined: none.
 */
export function snippetTarget(kind: FileKind | undefined, file: string, text: string): SnippetTarget | undefined {
  if (kind === 'gitlab-ci') return 'job';
  if (kind === 'runner-config') return /\.toml$/i.test(file) ? 'runner' : undefined;
  const valuesFile = kind === 'helm-values' || (kind === undefined && /(^|\/)values[^/]*\.ya?ml$/i.test(file));
  return valuesFile && !topLevelKeys(text).has('runners') ? 'helm' : undefined;
}

/**
 * The snippets offered at a position: only at the start of a top-level line (where a job, a `[[runners]]` table or
 * a values file begins), replacing the word typed so far.
 */
export function snippetCompletions(target: SnippetTarget | undefined, text: string, pos: Position): CompletionItem[] {
  if (!target) return [];
  // the cursor's line from the shared line index (splitting a 60 000-line file at every request costs milliseconds)
  const lines = LineIndex.of(text);
  const line = pos.line < lines.lineCount ? lines.lineText(pos.line) : '';
  const typed = line.slice(0, pos.character);
  if (!/^[A-Za-z0-9_-]*$/.test(typed)) return [];
  const name = target === 'job' ? freeJobName(text) : undefined;
  return allSnippets().filter((s) => s.kind === target).map((s) => ({
    label: s.prefix,
    kind: CompletionItemKind.Snippet,
    detail: s.description,
    filterText: s.prefix,
    sortText: `~${s.prefix}`,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: {
      range: { start: { line: pos.line, character: 0 }, end: pos },
      newText: name ? s.body.replace(`\${1:${DEFAULT_JOB_NAME}}`, `\${1:${name}}`) : s.body,
    },
  }));
}
