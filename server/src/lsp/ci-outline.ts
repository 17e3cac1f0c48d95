/**
 * The top-level shape of a CI file read line by line (no parse): its jobs and templates, `stages:`, local
 * `include:` paths and the keys under an entry. Cheap on a large file and usable while the text does not parse.
 */
import { LineIndex, RecentByText } from '../formats/text';
import { readLine } from './yaml-cursor';

export interface CiOutline {
  file: string;
  /** Top-level keys with their lines, in file order. */
  top: { name: string; line: number }[];
  /** The items of `stages:`, when the file has it. */
  stages?: string[];
  /** Local include paths (strings and `local:` values; remote URLs left out). */
  includes: string[];
  lines: LineIndex;
}

const memo = new RecentByText<CiOutline>(17);

/** The outline of a text (the last few texts are memoised). */
export function outlineOf(file: string, text: string): CiOutline {
  const key = `${file}\u0000${text.length}`;
  const hit = memo.get(key);
  if (hit && hit.lines.text === text) return hit;
  const lines = LineIndex.of(text);
  const out: CiOutline = { file, top: [], includes: [], lines };
  let section: string | undefined;
  for (let l = 0; l < lines.lineCount; l++) {
    const start = lines.lineStarts[l];
    if (start >= text.length) continue;
    const c = text.charCodeAt(start);
    if (c === 35 /* # */ || c === 10 || c === 13) continue;
    if (c !== 32 && c !== 45 /* - */ && c !== 9) {
      // a line starting at column 0 (not an item): a top-level key or a document marker
      const info = readLine(lines.lineText(l));
      if (info.key === undefined) { section = undefined; continue; }
      out.top.push({ name: info.key, line: l });
      section = info.key;
      if (section === 'stages') { out.stages = []; pushFlow(info.value, out.stages); }
      if (section === 'include' && info.value) pushInclude(info.value, out.includes);
      continue;
    }
    if (section === 'stages' || section === 'include') {
      const info = readLine(lines.lineText(l));
      if (info.empty) continue;
      if (section === 'stages' && info.dashes.length && info.key === undefined) out.stages!.push(unquote(lines.lineText(l).slice(info.contentCol).replace(/\s+#.*$/, '').trim()));
      if (section === 'include') {
        if (info.key === 'local' && info.value) pushInclude(info.value, out.includes);
        else if (info.key === undefined && info.dashes.length) pushInclude(lines.lineText(l).slice(info.contentCol).replace(/\s+#.*$/, '').trim(), out.includes);
      }
    }
  }
  memo.set(key, out, text.length);
  return out;
}

function unquote(s: string): string { return s.replace(/^(["'])(.*)\1$/, '$2'); }

function pushFlow(v: string | undefined, into: string[]) {
  const m = v && /^\[(.*)\]$/.exec(v);
  if (m) for (const s of m[1].split(',')) if (s.trim()) into.push(unquote(s.trim()));
}

function pushInclude(v: string, into: string[]) {
  const flow: string[] = [];
  pushFlow(v, flow);
  for (const s of flow.length ? flow : [unquote(v)]) if (s && !/^https?:\/\//.test(s) && !/[{}]/.test(s)) into.push(s);
}

/** Keys of the map at `path` below the top-level entry `name` (for `!reference [name, …]`). */
export function keysUnder(o: CiOutline, name: string, path: readonly string[] = []): string[] | undefined {
  const top = o.top.find((t) => t.name === name);
  if (!top) return undefined;
  const end = o.top.find((t) => t.line > top.line)?.line ?? o.lines.lineCount;
  let from = top.line + 1, to = end;
  for (let depth = 0; ; depth++) {
    // the keys at the first indentation of the block [from, to)
    let col = -1;
    const keys: { key: string; line: number }[] = [];
    for (let l = from; l < to; l++) {
      const info = readLine(o.lines.lineText(l));
      if (info.empty) continue;
      if (col < 0) col = info.indent;
      if (info.indent < col) break;
      if (info.indent === col && !info.dashes.length && info.key !== undefined) keys.push({ key: info.key, line: l });
    }
    if (depth === path.length) return keys.map((k) => k.key);
    const i = keys.findIndex((k) => k.key === path[depth]);
    if (i < 0) return undefined;
    from = keys[i].line + 1;
    to = keys[i + 1]?.line ?? to;
  }
}
