/**
 * Image facts: official docker image variants and release tags, kaniko image families, and exact file spans of
 * words inside scripts.
 */
import type { Span } from '../engine/types';
import type { ImageRef } from './docker';
import type { ScriptLine } from './pipeline';

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

/** The kaniko executor images whose layout is known: the archived upstream project and the published forks. */
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
