/**
 * Pure helpers for writing a generated job into a CI file: indentation style, existing top-level keys, the stage to
 * use, a free job name, and where (and with which surrounding blank lines) the job goes. No `vscode` import.
 */
import { parseDocument, isMap, isScalar, isSeq } from 'yaml';

/** Spaces per indentation level used by the file: 4 when its first indented mapping line uses 4, else 2. */
export function detectIndent(text: string): number {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length - 1; i++) {
    if (!/^[^\s#-][^#]*:\s*(#.*)?$/.test(lines[i])) continue; // a top-level key opening a block
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j];
      if (l.trim() === '' || /^\s*#/.test(l)) continue;
      const ind = /^ */.exec(l)![0].length;
      if (ind === 0) break;
      return ind >= 4 ? 4 : 2;
    }
  }
  return 2;
}

/** Top-level keys of the CI file (job names and keywords). */
export function topLevelKeys(text: string): Set<string> {
  const keys = new Set<string>();
  try {
    const doc = parseDocument(text, { uniqueKeys: false, version: '1.1' });
    if (isMap(doc.contents)) for (const p of doc.contents.items) if (isScalar(p.key)) keys.add(String(p.key.value));
  } catch { /* fall back to a line scan */ }
  for (const m of text.matchAll(/^([^\s#'"-][^:#]*?|'[^']*'|"[^"]*"):(\s|$)/gm)) keys.add(m[1].replace(/^['"]|['"]$/g, ''));
  return keys;
}

/** The `stages:` of the file, when it declares them. */
export function declaredStages(text: string): string[] | undefined {
  try {
    const doc = parseDocument(text, { uniqueKeys: false, version: '1.1' });
    if (!isMap(doc.contents)) return undefined;
    const st = doc.contents.get('stages', true);
    if (!isSeq(st)) return undefined;
    return st.items.filter(isScalar).map((s) => String(s.value));
  } catch {
    return undefined;
  }
}

/** `build` when GitLab's default stages apply or the file declares it; else a declared stage with "build" in it, else the first. */
export function chooseStage(text: string): string {
  const stages = declaredStages(text);
  if (!stages || stages.length === 0) return 'build';
  if (stages.includes('build')) return 'build';
  return stages.find((s) => /build/i.test(s)) ?? stages.find((s) => s !== '.pre' && s !== '.post') ?? stages[0];
}

export const RESERVED_KEYS = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'spec', 'types', 'pages:deploy']);

/** `base`, or `base-2`, `base-3`… whichever is not yet a top-level key. */
export function freeJobName(text: string, base: string): string {
  const keys = topLevelKeys(text);
  if (!keys.has(base)) return base;
  for (let i = 2; ; i++) if (!keys.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** Why a job name cannot be used, or undefined when it can. */
export function jobNameProblem(text: string, name: string): string | undefined {
  if (!name.trim()) return 'Enter a job name.';
  if (name !== name.trim()) return 'No leading or trailing spaces.';
  if (name.startsWith('.')) return 'A name starting with "." is a hidden template and never runs.';
  if (/[:#]\s|[:#]$|^[-?!&*|>'"%@`[\]{},]/.test(name) || name.includes('\n')) return 'Use letters, digits, "-", "_", "/", "." and spaces.';
  if (name.length > 255) return 'GitLab job names are at most 255 characters.';
  if (RESERVED_KEYS.has(name)) return `"${name}" is a GitLab CI keyword.`;
  if (topLevelKeys(text).has(name)) return `The file already has "${name}".`;
  return undefined;
}

/** Where the job goes and the exact text to insert there (line breaks in the file's style). */
export interface Insertion {
  /** Zero-based line; the insertion replaces that line's content when `replaceLine`, else goes at its start. */
  line: number;
  /** Character range on `line` to replace (0..length of the cursor line), or an insertion at the end of the file. */
  startCharacter: number;
  endCharacter: number;
  text: string;
  /** Zero-based line of the job's name in the file after the edit. */
  jobLine: number;
  atCursor: boolean;
}

/**
 * Places `job` (top-level YAML ending with `\n`): at `cursorLine` when that line is blank and the next non-blank
 * line starts at column 0 (or there is none) — a blank top-level line — else at the end of the file.
 */
export function placeJob(text: string, job: string, cursorLine: number | undefined): Insertion {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const body = job.replace(/\n$/, '').split('\n').join(eol);
  if (cursorLine !== undefined && cursorLine >= 0 && cursorLine < lines.length && lines[cursorLine].trim() === '' && text.trim() !== '') {
    let next = cursorLine + 1;
    while (next < lines.length && (lines[next].trim() === '')) next++;
    let prev = cursorLine - 1;
    while (prev >= 0 && lines[prev].trim() === '') prev--;
    const nextTopLevel = next >= lines.length || !/^\s/.test(lines[next]);
    const prevOpensBlock = prev >= 0 && /[|>][-+0-9]*\s*(#.*)?$/.test(lines[prev]);
    if (nextTopLevel && !prevOpensBlock) {
      const before = prev >= 0 && prev === cursorLine - 1 ? eol : '';
      // a job written on the file's last (empty) line keeps the file ending with a line break
      const after = (next < lines.length && next === cursorLine + 1) || cursorLine === lines.length - 1 ? eol : '';
      return { line: cursorLine, startCharacter: 0, endCharacter: lines[cursorLine].length, text: before + body + after, jobLine: cursorLine + (before ? 1 : 0), atCursor: true };
    }
  }
  // Append at the end, after one blank line.
  const last = lines.length - 1;
  const endsWithEol = lines[last] === '';
  let prefix = '';
  if (text.length > 0) {
    if (!endsWithEol) prefix = eol + eol;
    else if (last >= 1 && lines[last - 1].trim() !== '') prefix = eol;
  }
  const jobLine = last + (text.length > 0 && !endsWithEol ? 2 : prefix ? 1 : 0);
  return { line: last, startCharacter: lines[last].length, endCharacter: lines[last].length, text: prefix + body + eol, jobLine, atCursor: false };
}
