/**
 * Helpers for the image-selection (catalogue E) and Kaniko (catalogue F) rules: official docker image variants and
 * replacement tags, kaniko image families, style-keeping YAML edits of `image:` and of script items, and exact
 * file spans of words inside scripts.
 */
import type { Span, SpanEdit } from '../engine/types';
import type { YamlEditor } from '../formats/yaml-edit';
import type { YMap } from '../formats/yaml';
import type { ImageRef } from './docker';
import type { Job, ScriptLine } from './pipeline';

/** Current Docker major for fix texts (catalogue §5: `docker:29-cli` / `docker:29-dind`). */
export const DOCKER_MAJOR = 29;
export const KANIKO_FIX_IMAGE = 'ghcr.io/osscontainertools/kaniko:debug';
export const KANIKO_UPSTREAM_LAST_DEBUG = 'gcr.io/kaniko-project/executor:v1.24.0-debug';

/** The image reference with another tag (registry, mirror and path kept; a digest is dropped). */
export function retag(ref: ImageRef, tag: string): string { return `${ref.name}:${tag}`; }

/** The variant a docker tag names: `cli`, `dind`, `dind-rootless`, `git`, or `plain` (bare version / latest / none). */
export function dockerVariant(ref: ImageRef): 'cli' | 'dind' | 'dind-rootless' | 'other' | 'plain' {
  const t = ref.tag ?? '';
  if (t.includes('dind-rootless')) return 'dind-rootless';
  if (t === 'dind' || t.endsWith('-dind')) return 'dind';
  if (t === 'cli' || t.endsWith('-cli')) return 'cli';
  if (t === '' || t === 'latest' || /^\d+(\.\d+){0,2}$/.test(t)) return 'plain';
  return 'other';
}

// ---- kaniko ----

export type KanikoFamily = 'upstream' | 'oss' | 'martizih';

/** The kaniko executor images whose layout is known (catalogue F2): archived upstream and the published fork. */
export function kanikoFamily(ref: ImageRef): KanikoFamily | undefined {
  if (ref.name.includes('$') && !/\/kaniko-project\/executor$|\/osscontainertools\/kaniko$|\/martizih\/kaniko$/.test(ref.name)) return undefined;
  if (/(^|\/)kaniko-project\/executor$/.test(ref.name)) return 'upstream';
  if (/(^|\/)osscontainertools\/kaniko$/.test(ref.name)) return 'oss';
  if (/(^|\/)martizih\/kaniko$/.test(ref.name)) return 'martizih';
  return undefined;
}

/** The archived upstream images (`gcr.io/kaniko-project/executor`, `…/warmer`, and mirrors of them). */
export function isArchivedKaniko(ref: ImageRef): boolean { return /(^|\/)kaniko-project\/(executor|warmer)$/.test(ref.name); }

/** A script command that runs the kaniko executor binary. */
export function isKanikoExecutorWord(w: string | undefined): boolean { return w !== undefined && /(^|\/)kaniko\/executor$/.test(w); }

// ---- spans ----

/**
 * The exact file span of `needle` inside a script word, verified against the file text. Block scalars map exactly;
 * for folded plain scalars (`- /kaniko/executor\n  --flag`) the word is searched inside the scalar's source, and
 * accepted only when it occurs once. Undefined when it cannot be placed exactly.
 */
export function wordSpan(text: string, line: ScriptLine, wordStart: number, wordEnd: number, needle: string): Span | undefined {
  const file = line.node.file;
  const inWord = text.slice(wordStart, Math.max(wordEnd, wordStart + needle.length + 2));
  const i = inWord.indexOf(needle);
  if (i >= 0 && wordStart >= line.node.start && wordStart + i + needle.length <= line.node.end) return { file, start: wordStart + i, end: wordStart + i + needle.length };
  const src = text.slice(line.node.start, line.node.end);
  const j = src.indexOf(needle);
  if (j < 0 || src.indexOf(needle, j + 1) >= 0) return undefined;
  return { file, start: line.node.start + j, end: line.node.start + j + needle.length };
}

// ---- YAML edits ----


/**
 * Edits that make the job image `{ name: <newName ?? current>, entrypoint: [""] }`: a scalar `image: x` becomes a
 * block map (or a flow map when the scalar is not on an `image:` line of a block map); a map gets the
 * `entrypoint` entry (and its name replaced when asked).
 */
export function imageWithEmptyEntrypoint(ed: YamlEditor, image: NonNullable<Job['image']>, newName?: string): SpanEdit[] | undefined {
  const node = image.node;
  if (node.file !== ed.file || image.nameNode.file !== ed.file) return undefined;
  if (node.kind === 'scalar') {
    const nameText = newName !== undefined ? ed.replaceScalar(node, newName).newText : ed.text.slice(node.start, node.end);
    const line = ed.lines.position(node.start).line;
    const before = ed.text.slice(ed.lines.lineStarts[line], node.start);
    const m = /^(\s*)image:\s*$/.exec(before);
    if (m) {
      const pad = m[1] + ' '.repeat(ed.step);
      return [{ file: ed.file, start: node.start - (before.length - before.trimEnd().length), end: node.end, newText: `${ed.eol}${pad}name: ${nameText}${ed.eol}${pad}entrypoint: [""]` }];
    }
    return [{ file: ed.file, start: node.start, end: node.end, newText: `{ name: ${nameText}, entrypoint: [""] }` }];
  }
  if (node.kind !== 'map') return undefined;
  const edits: SpanEdit[] = [];
  if (newName !== undefined) edits.push(ed.replaceScalar(image.nameNode, newName));
  const ep = node.entries.get('entrypoint');
  if (ep) {
    if (ep.file !== ed.file) return undefined;
    edits.push({ file: ed.file, start: ep.value.start, end: trimEnd(ed.text, ep.value.start, ep.value.end), newText: '[""]' });
    return edits;
  }
  edits.push(insertFlowValueEntry(ed, node, 'entrypoint', '[""]'));
  return edits;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}

/** Adds `key: <raw flow text>` to a map, after its last entry (block) or before `}` (flow). */
export function insertFlowValueEntry(ed: YamlEditor, map: YMap, key: string, rawValue: string): SpanEdit {
  if (map.flow) {
    let close = ed.text.lastIndexOf('}', map.end);
    if (map.entries.size) { while (close > map.start && /[ \t\r\n]/.test(ed.text[close - 1])) close--; } // right after the last entry, keeping the space before `}`
    return { file: ed.file, start: close, end: close, newText: `${map.entries.size ? ', ' : ''}${key}: ${rawValue}${!map.entries.size && needsSpace(ed.text, close) ? ' ' : ''}` };
  }
  const last = [...map.entries.values()].filter((e) => e.file === ed.file).sort((a, b) => b.keyStart - a.keyStart)[0];
  const col = ed.column(last.keyStart);
  const end = trimEnd(ed.text, last.keyEnd, Math.max(last.value.end, last.keyEnd));
  const at = ed.lines.lineEnd(ed.lines.position(end).line);
  return { file: ed.file, start: at, end: at, newText: `${ed.eol}${' '.repeat(col)}${key}: ${rawValue}` };
}

function needsSpace(text: string, close: number): boolean { return text[close - 1] === ' '; }

/**
 * Removes a whole script item (`- …` in a block sequence, including a block scalar's lines) when the item is the
 * only thing on its lines; undefined otherwise (flow sequences, a scalar script, shared lines).
 */
export function removeScriptItem(ed: YamlEditor, line: ScriptLine): SpanEdit | undefined {
  return ed.removeBlockItem(line.node);
}

/** The docker-library tag prefix for a release line: the major alias from 23 on, `major.minor` before (`20.10`). */
export function releaseTag(v: { major: number; minor: number }): string {
  return v.major >= 23 ? String(v.major) : `${v.major}.${String(v.minor).padStart(2, '0')}`;
}

/** A dind service tag that follows the newest Docker release (no tag, `latest`, `dind`, `dind-rootless`). */
export function isMovingDindTag(ref: ImageRef): boolean {
  if (ref.digest) return false;
  const t = ref.tag;
  return t === undefined ? !ref.hasVariables : t === 'latest' || t === 'dind' || t === 'dind-rootless';
}

/** The suffix to keep when retagging a job image: `-dind` stays `-dind`, everything else becomes `-cli`. */
export function cliSuffix(ref: ImageRef): string { return dockerVariant(ref) === 'dind' ? 'dind' : 'cli'; }
