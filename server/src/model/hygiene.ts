/**
 * Helpers of catalogue groups H and I (hygiene, registries, credentials): exact script-word spans that a fix may
 * rewrite, removal of YAML variables / sequence items / script words in the file's own style, and masking of
 * values that may be secrets.
 */
import type { SpanEdit } from '../engine/types';
import type { YamlEditor } from '../formats/yaml-edit';
import type { ParsedYaml, YEntry, YMap, YSeq, YValue } from '../formats/yaml';
import type { Word } from './shell';
import type { JobCommand, Pipeline, Variable } from './pipeline';

/** Shows at most a short prefix of a value that may be a secret (`ab…`); variables are shown as written. */
export function mask(value: string): string {
  if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(value)) return value;
  return value.length <= 4 ? '…' : `${value.slice(0, 2)}…`;
}

/** A word's text is a single variable reference (`$X`, `${X}`): its name. */
export function soleVariable(text: string): string | undefined {
  const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(text);
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * Whether a word of a job command sits at its exact place in the file (block scalars and single-line scalars map
 * exactly; folded plain scalars and escaped double-quoted ones do not): its source, quotes removed, is its text.
 */
export function exactWord(text: string, w: Word): boolean {
  if (w.end <= w.start) return false;
  const src = text.slice(w.start, w.end).replace(/\\\r?\n[ \t]*/g, '');
  if (src.includes('\n')) return false;
  if (src === w.text) return true;
  return strip(src) === strip(w.text) && /["']/.test(src);
}
function strip(s: string): string { return s.replace(/["'\\]/g, ''); }

/** Every word of a command (assignments included) is at its exact place: fixes may rewrite the command's text. */
export function exactCommand(text: string, c: JobCommand): boolean {
  if (c.substituted) return false;
  return [...c.assignments, ...c.words].every((w) => exactWord(text, w)) && c.line.node.style !== 'double';
}

/** Removes a word of a script line with the white space before it. */
export function removeWordEdit(file: string, text: string, w: { start: number; end: number }): SpanEdit {
  let s = w.start;
  while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  // a line continuation left alone on its line: `\` + newline + indentation before the word
  return { file, start: s, end: w.end, newText: '' };
}

/** Renders text to insert into a YAML scalar of the given style (double-quoted scalars need escapes). */
export function inScalar(style: string, s: string): string {
  if (style === 'double') return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  if (style === 'single') return s.replace(/'/g, "''");
  return s;
}

/** Where an entry is written: its map and, when it has one, the entry of that map in its parent map. */
export interface EntryPlace { map: YMap; parent?: { map: YMap; entry: YEntry } }

/** Finds the map of a parsed file that holds the entry written at `keyStart`. */
export function placeOf(parsed: ParsedYaml | undefined, keyStart: number): EntryPlace | undefined {
  const seen = new Set<YValue>();
  const walk = (v: YValue | undefined, parent?: { map: YMap; entry: YEntry }): EntryPlace | undefined => {
    if (!v || seen.has(v)) return undefined;
    seen.add(v);
    if (v.kind === 'map') {
      for (const e of v.entries.values()) if (e.keyStart === keyStart && e.file === parsed!.file) return { map: v, parent };
      for (const e of v.entries.values()) { const r = walk(e.value, { map: v, entry: e }); if (r) return r; }
    } else if (v.kind === 'seq') for (const i of v.items) { const r = walk(i, undefined); if (r) return r; }
    return undefined;
  };
  return walk(parsed?.root);
}

/**
 * Removes a variable where it is written: its entry, or the whole `variables:` key when it is the only entry of a
 * block map (an empty `variables:` would be null). Undefined when the place cannot be found.
 */
export function removeVariableEdit(ed: YamlEditor, pipeline: Pipeline, v: Variable): SpanEdit | undefined {
  const e = v.entry;
  if (e.file !== ed.file) return undefined;
  const place = placeOf(pipeline.parsed.get(e.file), e.keyStart);
  if (!place || place.map.entries.get(e.key)?.keyStart !== e.keyStart) return undefined;
  const own = [...place.map.entries.values()].filter((x) => x.file === ed.file);
  if (own.length === 1 && !place.map.flow && place.parent && place.parent.entry.key === 'variables' && place.parent.entry.file === ed.file) {
    return ed.removeEntry(place.parent.map, place.parent.entry);
  }
  return ed.removeEntry(place.map, e);
}

/** Removes an item of a sequence (its line in a block sequence, `, item` in a flow one); never empties a block list. */
export function removeSeqItemEdit(ed: YamlEditor, seq: YSeq, item: YValue): SpanEdit | undefined {
  if (!seq.items.includes(item) || item.file !== ed.file) return undefined;
  if (!seq.flow && seq.items.length === 1) return undefined;
  return ed.removeItem(seq, item);
}

/** The file text of a span. */
export function source(text: string, s: { start: number; end: number }): string { return text.slice(s.start, s.end); }
