/**
 * Incremental re-parsing of a YAML file after an edit. The top-level keys of a CI file start at column 0, so an edit
 * inside one top-level entry re-parses that entry alone and shifts the positions of the entries after it; the
 * result equals {@link parseYaml} of the new text (test/incremental-parse.test.ts compares them over random edits).
 * Anything else parses the whole file: an edit spanning entries or making a second one, an entry that defines an
 * anchor (later aliases may name it), a document marker or directive, a previous parse with problems, a root that
 * is not a block map with every key at column 0, or a top-level `<<` merge.
 */
import { anchorsOf, checkText, keepAnchors, parseEntryText, parseYaml, type AnchorDef, type ParsedYaml, type YEntry, type YMap, type YValue } from './yaml';

/** Parses `text` as the new content of the file `prev` was parsed from: only the changed top-level entry when possible. */
export function reparseYaml(file: string, text: string, prev: ParsedYaml | undefined): ParsedYaml {
  return (prev && prev.file === file && reparseEntry(prev, text)) || parseYaml(file, text);
}

/** The incremental re-parse alone: undefined when the edit needs a full parse. */
export function reparseEntry(prev: ParsedYaml, text: string): ParsedYaml | undefined {
  const anchors = anchorsOf(prev);
  const root = prev.root;
  if (!anchors || !root || root.kind !== 'map' || root.flow || prev.problems.length || checkText(text)) return undefined;
  const old = prev.text;
  if (old === text) return prev;
  const entries = [...root.entries.values()];
  if (!entries.length) return undefined;
  const starts = entries.map((e) => e.keyStart);
  for (let k = 0; k < starts.length; k++) {
    // keys at column 0, in document order, written in this file (a top-level `<<` merge brings others)
    if ((starts[k] > 0 && old.charCodeAt(starts[k] - 1) !== 10) || (k && starts[k] <= starts[k - 1]) || entries[k].file !== prev.file) return undefined;
  }
  if (anchors.some((a) => a.at < starts[0])) return undefined;

  // the changed span: [p, oldEnd) of the old text became [p, p + newLength) of the new one
  const max = Math.min(old.length, text.length);
  let p = 0;
  while (p < max && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  const oldEnd = old.length - s;
  const delta = text.length - old.length;

  // the entry whose text holds the whole change: from its key's line (0 for the first) to the next key's line
  const segStart = (k: number) => (k === 0 ? 0 : starts[k]);
  const segEnd = (k: number) => (k + 1 < starts.length ? starts[k + 1] : old.length);
  let i = -1;
  for (let k = 0; k < starts.length; k++) if (segStart(k) <= p && oldEnd <= segEnd(k)) { i = k; break; }
  if (i < 0) return undefined;
  const from = segStart(i), oldTo = segEnd(i);
  if (anchors.some((a) => a.at >= from && a.at < oldTo)) return undefined; // it defines an anchor
  const last = i + 1 === starts.length;
  const segText = text.slice(from, oldTo + delta);
  if ((!last && !segText.endsWith('\n')) || /^(?:---|\.\.\.)(?:[ \t\r\n]|$)|^%/m.test(segText)) return undefined;

  const external = new Map<string, YValue>();
  for (const a of anchors) if (a.at < from) external.set(a.name, a.value);
  const seg = parseEntryText(prev.file, segText, from, external);
  if (!seg || seg.problems.length || seg.anchors.length) return undefined;
  const sroot = seg.root;
  if (!sroot || sroot.kind !== 'map' || sroot.flow || sroot.entries.size !== 1) return undefined;
  const edited = [...sroot.entries.values()][0];
  if ((edited.keyStart > 0 && text.charCodeAt(edited.keyStart - 1) !== 10) || edited.file !== prev.file) return undefined;
  if (edited.key !== entries[i].key && root.entries.has(edited.key)) return undefined; // a duplicate key now

  // entries after the edit keep their nodes with positions shifted (copies: the previous tree stays as it was)
  const copies = new Map<YValue, YValue>();
  const copy = (v: YValue): YValue => {
    if (v.start < oldEnd) return v; // before the edit (an alias's target in an earlier entry)
    const hit = copies.get(v);
    if (hit) return hit;
    const start = v.start + delta, end = v.end + delta;
    switch (v.kind) {
      case 'scalar': { const c = { ...v, start, end }; copies.set(v, c); return c; }
      case 'ref': { const c = { ...v, start, end, pathSpans: v.pathSpans.map((x) => ({ start: x.start + delta, end: x.end + delta })) }; copies.set(v, c); return c; }
      case 'seq': {
        const c = { ...v, start, end, items: [] as YValue[] };
        copies.set(v, c);
        for (const it of v.items) c.items.push(copy(it));
        return c;
      }
      case 'map': {
        const c: YMap = { ...v, start, end, entries: new Map() };
        copies.set(v, c);
        for (const [k, e] of v.entries) c.entries.set(k, copyEntry(e));
        return c;
      }
    }
  };
  const copyEntry = (e: YEntry): YEntry => (e.keyStart < oldEnd ? e : { ...e, keyStart: e.keyStart + delta, keyEnd: e.keyEnd + delta, value: copy(e.value) });

  const out = new Map<string, YEntry>();
  entries.forEach((e, k) => {
    const x = k < i ? e : k === i ? edited : copyEntry(e);
    out.set(x.key, x);
  });
  const newRoot: YMap = {
    ...root,
    start: i === 0 ? sroot.start : root.start,
    end: last ? sroot.end : root.end + delta,
    entries: out,
  };
  const parsed: ParsedYaml = { file: prev.file, text, root: newRoot, problems: [] };
  const newAnchors: AnchorDef[] = [];
  for (const a of anchors) {
    if (a.at < from) newAnchors.push(a);
    else newAnchors.push({ name: a.name, at: a.at + delta, value: copy(a.value) });
  }
  keepAnchors(parsed, newAnchors);
  return parsed;
}
