/**
 * Suppression comments, in YAML and TOML alike:
 *   # dind-doctor-disable-next-line <rule-id>[, <rule-id>…]   (the next line that is not a comment)
 *   # dind-doctor-disable <rule-id>[, <rule-id>…]             (the whole file)
 * Without ids, every rule is disabled there.
 */
import type { SpanEdit } from './types';
import { eolOf, type LineIndex } from '../formats/text';

const RE = /#\s*dind-doctor-disable(-next-line)?\b([^\n]*)/g;

export interface Suppressions { file: Set<string> | 'all' | undefined; lines: Map<number, Set<string> | 'all'> }

export function readSuppressions(text: string, lines: LineIndex): Suppressions {
  const out: Suppressions = { file: undefined, lines: new Map() };
  if (!text.includes('dind-doctor-disable')) return out;
  for (const m of text.matchAll(RE)) {
    const ids = m[2].split(/[\s,]+/).filter((s) => /^[a-z0-9-]+$/.test(s));
    const set: Set<string> | 'all' = ids.length ? new Set(ids) : 'all';
    if (m[1]) {
      let line = lines.position(m.index!).line + 1;
      while (line < lines.lineCount && /^\s*#/.test(lines.lineText(line))) line++;
      add(out.lines, line, set);
    } else if (out.file !== 'all') {
      if (set === 'all') out.file = 'all'; else { out.file ??= new Set(); for (const id of set) out.file.add(id); }
    }
  }
  return out;
}

function add(map: Map<number, Set<string> | 'all'>, line: number, set: Set<string> | 'all') {
  const cur = map.get(line);
  if (cur === 'all' || set === 'all') { map.set(line, 'all'); return; }
  map.set(line, new Set([...(cur ?? []), ...set]));
}

export function isSuppressed(s: Suppressions, ruleId: string, line: number): boolean {
  if (s.file === 'all' || s.file?.has(ruleId)) return true;
  const l = s.lines.get(line);
  return l === 'all' || (l !== undefined && l.has(ruleId));
}

/** The edit behind "Disable <id> for this line": a comment above the line, in its indentation. */
export function disableLineEdit(file: string, lines: LineIndex, line: number, ruleId: string): SpanEdit {
  const start = lines.lineStarts[line];
  return { file, start, end: start, newText: `${lines.indentOf(line)}# dind-doctor-disable-next-line ${ruleId}${eolOf(lines.text)}` };
}
