/**
 * Where the cursor is in a runner config (TOML), read from the lines around it: the table of the nearest header
 * above, and whether a header, a key or a value is being typed. Works on text that does not parse.
 */
export interface TomlCursor {
  /** Table path of the cursor (`runners`, `docker` for `[runners.docker]`); header mode: the typed path. */
  table: string[];
  mode: 'header' | 'key' | 'value';
  /** Header mode: `[[` (an array of tables) was typed. */
  arrayHeader?: boolean;
  /** Value mode: the key (dotted keys are split into `table`). */
  key?: string;
  prefix: string;
  /** Columns of the text to replace. */
  start: number;
  end: number;
  /** Value mode: the value is being typed inside quotes. */
  quoted?: boolean;
}

const HEADER = /^\s*\[\[?\s*([^\]#]*?)\s*\]\]?\s*(#.*)?$/;
const BARE_KEY = /^[A-Za-z0-9_-]+$/;

export function splitDotted(s: string): string[] {
  const out: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*(\.|$)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) && m[0] !== '') {
    const k = m[1];
    out.push(k.startsWith('"') ? JSON.parse(k) as string : k.startsWith("'") ? k.slice(1, -1) : k);
    if (!m[2]) break;
  }
  return out;
}

/** The table a line belongs to: the nearest header above it. */
export function tableAt(lines: readonly string[], line: number): string[] {
  for (let l = line - 1; l >= 0; l--) {
    const m = HEADER.exec(lines[l]);
    if (m) return splitDotted(m[1]);
  }
  return [];
}

export function tomlCursor(lines: readonly string[], line: number, character: number): TomlCursor | undefined {
  const full = lines[line] ?? '';
  const before = full.slice(0, character);
  const after = full.slice(character);
  if (/#/.test(before.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, ''))) return undefined; // in a comment
  const header = /^(\s*)(\[\[?)\s*([A-Za-z0-9_."'-]*)$/.exec(before);
  if (header) {
    const close = /^[A-Za-z0-9_.-]*\s*\]?\]?/.exec(after)![0];
    const start = before.length - header[3].length;
    return { table: [], mode: 'header', arrayHeader: header[2] === '[[', prefix: header[3], start, end: character + close.length };
  }
  const table = tableAt(lines, line);
  const kv = /^\s*((?:[A-Za-z0-9_-]+|"[^"]*")(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"))*)\s*=\s*(.*)$/.exec(before);
  if (kv) {
    const keys = splitDotted(kv[1]);
    const value = kv[2];
    if (/^\[|^\{/.test(value)) return undefined;
    const quoted = /^["']/.test(value);
    const word = quoted ? value.slice(1) : value;
    if (quoted && /["']/.test(word)) return undefined; // the string is closed
    const end = character + /^[^"'\s#,\]}]*/.exec(after)![0].length;
    return { table: [...table, ...keys.slice(0, -1)], mode: 'value', key: keys[keys.length - 1], prefix: word, start: character - word.length, end, quoted };
  }
  const key = /^\s*([A-Za-z0-9_-]*)$/.exec(before);
  if (key) {
    const end = character + /^[A-Za-z0-9_-]*/.exec(after)![0].length;
    return { table, mode: 'key', prefix: key[1], start: character - key[1].length, end };
  }
  return undefined;
}

/** The key under the cursor on a `key = value` line, with its table: for hovers. */
export function tomlKeyAt(lines: readonly string[], line: number, character: number): { table: string[]; key: string; start: number; end: number } | undefined {
  const full = lines[line] ?? '';
  const header = HEADER.exec(full);
  if (header) {
    const path = splitDotted(header[1]);
    const s = full.indexOf(header[1]);
    if (character < s || character > s + header[1].length || !path.length) return undefined;
    return { table: path.slice(0, -1), key: path[path.length - 1], start: s, end: s + header[1].length };
  }
  const m = /^(\s*)([A-Za-z0-9_-]+|"[^"]*")\s*=/.exec(full);
  if (!m) return undefined;
  const start = m[1].length, end = start + m[2].length;
  if (character < start || character > end) return undefined;
  const key = m[2].startsWith('"') ? m[2].slice(1, -1) : m[2];
  return { table: tableAt(lines, line), key, start, end };
}

export function tomlKey(k: string): string { return BARE_KEY.test(k) ? k : JSON.stringify(k); }
