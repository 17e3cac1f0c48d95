/**
 * Where the cursor is in a YAML file, read from the text around it (indentation, `-` items, `key:`), not from a
 * parse: completion must work on text that is being typed and does not parse yet. Used by completion and hover.
 */
import type { LineIndex } from '../formats/text';

/** One line of YAML, roughly: indentation, `- ` item markers, then a `key:` (with its value) or a scalar. */
export interface YamlLine {
  indent: number;
  /** Columns of the `-` item markers at the start of the line. */
  dashes: number[];
  /** Column of what follows the markers. */
  contentCol: number;
  key?: string;
  keyEnd?: number;
  /** Column of the `:` after the key. */
  colon?: number;
  /** The value after `key:` (comment removed), trimmed. */
  value?: string;
  /** Column where the value starts. */
  valueCol?: number;
  /** A line that holds nothing (blank or a comment). */
  empty: boolean;
}

const KEY_RE = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"{[\]},&*!|>%@`-][^#]*?|-[^\s#][^#]*?))[ \t]*:(?=[ \t]|$)/;

/** Removes a trailing `# comment` (a `#` after whitespace, outside quotes). */
export function stripComment(s: string): string {
  let q: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) { if (c === q) q = undefined; continue; }
    if ((c === '"' || c === "'") && (i === 0 || /[\s:[{,-]/.test(s[i - 1]))) q = c;
    else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]))) return s.slice(0, i);
  }
  return s;
}

export function readLine(raw: string): YamlLine {
  const text = stripComment(raw).replace(/\s+$/, '');
  const indent = /^ */.exec(text)![0].length;
  let col = indent;
  const dashes: number[] = [];
  while (text[col] === '-' && (col + 1 === text.length || text[col + 1] === ' ' || text[col + 1] === '\t')) {
    dashes.push(col);
    col++;
    while (text[col] === ' ' || text[col] === '\t') col++;
  }
  const empty = text.trim() === '' || text.trim() === '---' || text.trim() === '...';
  const rest = text.slice(col);
  const m = KEY_RE.exec(rest);
  if (!m) return { indent, dashes, contentCol: col, empty };
  const key = m[1] ?? (m[2] !== undefined ? m[2].replace(/''/g, "'") : m[3]);
  const after = rest.slice(m[0].length);
  const lead = /^[ \t]*/.exec(after)![0].length;
  return { indent, dashes, contentCol: col, key, keyEnd: col + m[0].replace(/[ \t]*:$/, '').length, colon: col + m[0].length - 1, value: after.trim(), valueCol: col + m[0].length + lead, empty };
}

/** A value that opens a nested block on the following lines: nothing, or only an anchor and/or a tag. */
function opensBlock(value: string | undefined): boolean {
  return !value || /^((&\S+|![^\s[]*)\s*)+$/.test(value);
}
/** A block scalar header: `|`, `>-`, `|2+` (after an optional anchor or tag). */
export function isBlockScalar(value: string | undefined): boolean {
  return !!value && /^((&\S+|!\S*)\s+)*[|>][-+0-9]*$/.test(value);
}

export interface Parents {
  /** Keys from the root; `[]` for a sequence item. */
  path: string[];
  /** The cursor is in the text of a block scalar (`key: |`) whose key is the last of `path`. */
  inBlock?: { headerLine: number };
}

/**
 * The path of the node that starts at column `col` of line `line` (a `-` item when `dash`), found by walking up
 * the lines above. Undefined when the text is not a structure we understand there (inside a multi-line scalar).
 */
export function parentsOf(lines: LineIndex, line: number, col: number, dash: boolean): Parents | undefined {
  const path: string[] = [];
  let c = col;
  let isDash = dash;
  for (let l = line - 1; l >= 0; l--) {
    if (c === 0 && !isDash) return { path };
    const raw = lines.lineText(l);
    if (raw.startsWith('---')) return c === 0 ? { path } : undefined;
    const info = readLine(raw);
    if (info.empty) continue;
    const i = info.indent;
    if (i > c) continue;
    if (i === c) {
      if (info.dashes.length ? isDash : !isDash) continue; // a sibling
      if (!info.dashes.length && isDash && info.key !== undefined) {
        // `key:` with its list at the same indentation
        if (isBlockScalar(info.value)) return undefined;
        if (!opensBlock(info.value)) return undefined;
        path.unshift(info.key);
        isDash = false;
        continue;
      }
      continue;
    }
    // i < c: the parent is on this line
    if (info.key !== undefined && info.contentCol === c && !isDash && info.dashes.length) {
      // a sibling key in the map of this line's last `-` item
      for (let k = 0; k < info.dashes.length; k++) path.unshift('[]');
      c = info.dashes[0]; isDash = true;
      continue;
    }
    if (info.key !== undefined && info.contentCol < c) {
      if (isBlockScalar(info.value)) {
        for (let k = 0; k < info.dashes.length; k++) path.unshift('[]');
        const above = info.dashes.length ? parentsOf(lines, l, info.dashes[0], true) : parentsOf(lines, l, i, false);
        if (!above) return undefined;
        return { path: [...above.path, ...path.slice(0, info.dashes.length), info.key, ...path.slice(info.dashes.length)], inBlock: { headerLine: l } };
      }
      if (!opensBlock(info.value)) return undefined;
      path.unshift(info.key);
      for (let k = 0; k < info.dashes.length; k++) path.unshift('[]');
      if (info.dashes.length) { c = info.dashes[0]; isDash = true; } else { c = i; isDash = false; }
      continue;
    }
    if (info.key === undefined && info.dashes.length && info.contentCol >= c && info.contentCol === raw.replace(/\s+$/, '').length) {
      // a bare `-` whose item continues below
      for (let k = 0; k < info.dashes.length; k++) path.unshift('[]');
      c = info.dashes[0]; isDash = true;
      continue;
    }
    return undefined;
  }
  return c === 0 ? { path } : undefined;
}

export interface YamlCursor {
  /** Path of the map (key mode) or of the key (value mode) at the cursor; `[]` for sequence items. */
  path: string[];
  mode: 'key' | 'value' | 'flow' | 'block';
  /** Value and flow modes: the key whose value is typed. */
  key?: string;
  /** The text typed so far (the word being completed). */
  prefix: string;
  /** Column where the typed word starts (its replace range runs to the end of the word). */
  start: number;
  end: number;
  /** Key mode on a `- ` line with no `:` yet: the item may also be a scalar. */
  itemScalar: boolean;
  /** Flow mode: items before the cursor (`[a, b, |`) and whether the flow is a `!reference`. */
  flowItems?: string[];
  reference?: boolean;
  /** Columns of the cursor's line: its own key (key mode) for sibling lookup. */
  keyCol: number;
  /** Block mode: the header line of the block scalar. */
  blockHeader?: number;
}

const WORD = /[^\s"',[\]{}:]*$/;

/** What is being typed at `line`/`character`. Undefined where nothing sensible can be offered. */
export function yamlCursor(lines: LineIndex, line: number, character: number): YamlCursor | undefined {
  if (line >= lines.lineCount) return undefined;
  const full = lines.lineText(line);
  const before = full.slice(0, character);
  if (stripComment(before) !== before) return undefined; // in a comment
  const wordEnd = character + /^[^\s"',[\]{}:#]*/.exec(full.slice(character))![0].length;
  const info = readLine(before);
  const blank = before.trim() === '';
  const indent = blank ? before.length : info.indent;
  const dashes = blank ? [] : info.dashes;
  const outer = dashes.length ? dashes[0] : indent;
  const parents = parentsOf(lines, line, outer, dashes.length > 0);
  if (!parents) return undefined;
  if (parents.inBlock) return { path: parents.path, mode: 'block', prefix: '', start: character, end: character, itemScalar: false, keyCol: indent, blockHeader: parents.inBlock.headerLine };
  const path = [...parents.path, ...dashes.map(() => '[]')];
  const keyCol = blank ? indent : info.contentCol;
  if (info.key !== undefined && info.valueCol !== undefined && character > (info.colon ?? 0)) {
    const value = before.slice(info.colon! + 1).replace(/^[ \t]+/, '');
    const flow = /^(!reference\s*)?\[([^\]]*)$/.exec(value);
    if (flow) {
      const parts = flow[2].split(',');
      const last = parts.pop()!;
      const word = last.replace(/^\s*["']?/, '');
      return { path: [...path, info.key], mode: 'flow', key: info.key, prefix: word, start: character - word.length, end: wordEnd, itemScalar: false, flowItems: parts.map((p) => p.trim().replace(/^["']|["']$/g, '')), reference: !!flow[1], keyCol };
    }
    if (/[[{]/.test(value) || isBlockScalar(value.trim())) return undefined;
    const word = value.replace(/^["']/, '');
    return { path: [...path, info.key], mode: 'value', key: info.key, prefix: word, start: character - word.length, end: valueEnd(full, character), itemScalar: false, keyCol };
  }
  const rest = blank ? '' : before.slice(info.contentCol).replace(/^[ \t]+/, '');
  const flowItem = /^(!reference\s*)?\[([^\]]*)$/.exec(rest);
  if (flowItem && dashes.length) {
    const parts = flowItem[2].split(',');
    const last = parts.pop()!;
    const word = last.replace(/^\s*["']?/, '');
    return { path, mode: 'flow', key: path[path.length - 2], prefix: word, start: character - word.length, end: wordEnd, itemScalar: false, flowItems: parts.map((p) => p.trim().replace(/^["']|["']$/g, '')), reference: !!flowItem[1], keyCol };
  }
  if (rest.includes(':') && !/^["']/.test(rest)) return undefined;
  const word = WORD.exec(rest.replace(/^["']/, ''))![0];
  if (word !== rest.replace(/^["']/, '')) return undefined; // more than one word: a scalar being written
  return { path, mode: 'key', prefix: word, start: character - word.length, end: wordEnd, itemScalar: dashes.length > 0, keyCol };
}

/** End of a plain value at the cursor: the rest of the line up to a comment. */
function valueEnd(full: string, character: number): number {
  const rest = stripComment(full.slice(character));
  return character + rest.replace(/\s+$/, '').replace(/["']$/, '').length;
}

/** Keys of the map the line at `line` belongs to (its siblings at `col`, above and below). */
export function siblingKeys(lines: LineIndex, line: number, col: number): Set<string> {
  const out = new Set<string>();
  const scan = (from: number, step: number) => {
    for (let l = from; l >= 0 && l < lines.lineCount; l += step) {
      const info = readLine(lines.lineText(l));
      if (info.empty) continue;
      if (info.contentCol === col && info.key !== undefined) { out.add(info.key); if (info.dashes.length) return; continue; }
      if (info.indent < col || (info.indent === col && info.dashes.length)) return;
    }
  };
  scan(line - 1, -1);
  scan(line + 1, 1);
  return out;
}

/** The key on a line under `character` and the path of its map: for hovers. */
export function keyAt(lines: LineIndex, line: number, character: number): { path: string[]; key: string; start: number; end: number } | undefined {
  if (line >= lines.lineCount) return undefined;
  const info = readLine(lines.lineText(line));
  if (info.key === undefined || info.keyEnd === undefined) return undefined;
  if (character < info.contentCol || character > info.keyEnd) return undefined;
  const parents = parentsOf(lines, line, info.dashes.length ? info.dashes[0] : info.indent, info.dashes.length > 0);
  if (!parents || parents.inBlock) return undefined;
  return { path: [...parents.path, ...info.dashes.map(() => '[]')], key: info.key, start: info.contentCol, end: info.keyEnd };
}
