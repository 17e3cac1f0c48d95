/**
 * Just enough of POSIX shell word splitting to find commands in CI scripts with exact positions: quotes,
 * backslash escapes and line continuations, comments, `;` `&&` `||` `|` `&` and new lines between commands,
 * `$( … )` and back-quoted substitutions (whose inner commands are commands too), heredocs (their bodies are
 * kept, not split), and leading keywords/assignments (`if`, `then`, `!`, `FOO=1 cmd`, `sudo`).
 *
 * Why not a package: shell-quote loses positions (a quick fix must land on the exact word inside a block scalar)
 * and bash-parser is unmaintained since 2017 and rejects common CI lines. This is a lexer, not a parser: it does
 * not evaluate anything and never needs to.
 */

/** Base name of a command word (`/usr/bin/buildctl` → `buildctl`). */
export function progName(w: string | undefined): string { return (w ?? '').replace(/^.*\//, ''); }

export interface Word {
  /** The word with quotes removed (variables left as written: `$CI_REGISTRY`). */
  text: string;
  /** Offsets in the scanned text (the caller maps them into the file). */
  start: number;
  end: number;
  quoted: boolean;
}

export interface Heredoc { delimiter: string; quoted: boolean; body: string; bodyStart: number; bodyEnd: number; opStart: number; opEnd: number }

export interface Command {
  /** argv: words after leading keywords and `NAME=value` assignments. */
  words: Word[];
  /** Assignments written before the command (`DOCKER_HOST=… docker info`). */
  assignments: Word[];
  heredocs: Heredoc[];
  start: number;
  end: number;
  /** The command came from inside `$( … )` or back quotes. */
  substituted: boolean;
}

const PREFIX_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', 'time', 'exec', 'sudo', 'command', 'nohup', '{', 'eval']);
const SKIP_KEYWORDS = new Set(['fi', 'done', 'esac', '}', 'in']);

export function splitCommands(text: string, offset = 0): Command[] {
  return new Lexer(text, offset).run();
}

class Lexer {
  private i = 0;
  private readonly out: Command[] = [];
  private words: Word[] = [];
  private heredocs: Heredoc[] = [];
  private pendingHeredocs: { op: Heredoc }[] = [];
  private cmdStart = -1;
  constructor(private readonly s: string, private readonly base: number, private readonly substituted = false) {}

  run(): Command[] {
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === '\\' && s[this.i + 1] === '\n') { this.i += 2; continue; }
      if (c === '\n') { this.endCommand(); this.i++; this.readHeredocBodies(); continue; }
      if (c === ' ' || c === '\t' || c === '\r') { this.i++; continue; }
      if (c === '#') { while (this.i < s.length && s[this.i] !== '\n') this.i++; continue; }
      if (c === ';' || c === '|' || c === '&' || c === '(' || c === ')') {
        this.endCommand();
        this.i += (s[this.i + 1] === c && (c === '|' || c === '&' || c === ';')) ? 2 : 1;
        continue;
      }
      if ((c === '<' && s[this.i + 1] === '<' && s[this.i + 2] !== '<')) { this.heredocOp(); continue; }
      if (c === '>' || c === '<') {
        const st = this.i;
        while (this.i < s.length && (s[this.i] === '>' || s[this.i] === '<' || s[this.i] === '&' || /\d/.test(s[this.i]) && this.i > st)) this.i++;
        this.push({ text: s.slice(st, this.i), start: st, end: this.i, quoted: false });
        continue;
      }
      this.word();
    }
    this.endCommand();
    return this.out;
  }

  private push(w: Word) {
    if (this.cmdStart < 0) this.cmdStart = w.start + this.base;
    this.words.push({ ...w, start: w.start + this.base, end: w.end + this.base });
  }

  private word() {
    const s = this.s;
    const start = this.i;
    let text = '';
    let quoted = false;
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ';' || c === '|' || c === '&' || c === ')' || c === '(' || c === '>' || c === '<') break;
      if (c === '\\') {
        if (s[this.i + 1] === '\n') { this.i += 2; continue; }
        text += s[this.i + 1] ?? ''; this.i += 2; continue;
      }
      if (c === "'") {
        quoted = true;
        const end = s.indexOf("'", this.i + 1);
        const stop = end < 0 ? s.length : end;
        text += s.slice(this.i + 1, stop); this.i = stop + 1; continue;
      }
      if (c === '"') {
        quoted = true; this.i++;
        while (this.i < s.length && s[this.i] !== '"') {
          if (s[this.i] === '\\' && this.i + 1 < s.length) { text += s[this.i + 1] === '\n' ? '' : (/[$`"\\]/.test(s[this.i + 1]) ? s[this.i + 1] : s[this.i] + s[this.i + 1]); this.i += 2; continue; }
          if (s[this.i] === '$' && s[this.i + 1] === '(') { text += this.substitution(); continue; }
          if (s[this.i] === '`') { text += this.backquote(); continue; }
          text += s[this.i++];
        }
        this.i++; continue;
      }
      if (c === '$' && s[this.i + 1] === '(') { text += this.substitution(); continue; }
      if (c === '`') { text += this.backquote(); continue; }
      text += c; this.i++;
    }
    // a word written as it reads is a slice of the line, not a string grown a character at a time (which stays a
    // chain of pieces in memory: 250,000 words of a 9,000-job file)
    if (!quoted && text.length === this.i - start) text = s.slice(start, this.i);
    if (this.i > start) this.push({ text, start, end: this.i, quoted });
    else this.i++;
  }

  /** `$( … )` at this.i: lexes the inside as commands of their own, returns the raw text. */
  private substitution(): string {
    const s = this.s;
    const open = this.i;
    let depth = 0, j = this.i + 1;
    for (; j < s.length; j++) {
      const c = s[j];
      if (c === "'") { const e = s.indexOf("'", j + 1); j = e < 0 ? s.length : e; continue; }
      if (c === '\\') { j++; continue; }
      if (c === '(') depth++;
      else if (c === ')') { depth--; if (depth === 0) break; }
    }
    const inner = s.slice(open + 2, j);
    this.out.push(...new Lexer(inner, this.base + open + 2, true).run());
    this.i = Math.min(j + 1, s.length);
    return s.slice(open, this.i);
  }

  private backquote(): string {
    const s = this.s;
    const open = this.i;
    const end = s.indexOf('`', open + 1);
    const stop = end < 0 ? s.length : end;
    this.out.push(...new Lexer(s.slice(open + 1, stop), this.base + open + 1, true).run());
    this.i = stop + 1;
    return s.slice(open, this.i);
  }

  private heredocOp() {
    const s = this.s;
    const opStart = this.i;
    this.i += 2;
    if (s[this.i] === '-') this.i++;
    while (s[this.i] === ' ' || s[this.i] === '\t') this.i++;
    const wStart = this.i;
    let delim = '';
    let quoted = false;
    while (this.i < s.length && !/[\s;|&<>()]/.test(s[this.i])) {
      const c = s[this.i];
      if (c === "'" || c === '"') {
        quoted = true;
        const e = s.indexOf(c, this.i + 1);
        const stop = e < 0 ? s.length : e;
        delim += s.slice(this.i + 1, stop); this.i = stop + 1; continue;
      }
      if (c === '\\') { quoted = true; delim += s[this.i + 1] ?? ''; this.i += 2; continue; }
      delim += c; this.i++;
    }
    const op: Heredoc = { delimiter: delim, quoted, body: '', bodyStart: 0, bodyEnd: 0, opStart: opStart + this.base, opEnd: this.i + this.base };
    if (!delim) { this.i = Math.max(this.i, wStart + 1); return; }
    this.heredocs.push(op);
    this.pendingHeredocs.push({ op });
    if (this.cmdStart < 0) this.cmdStart = opStart + this.base;
  }

  private readHeredocBodies() {
    const s = this.s;
    for (const { op } of this.pendingHeredocs) {
      const bodyStart = this.i;
      let lineStart = this.i;
      while (lineStart < s.length) {
        let lineEnd = s.indexOf('\n', lineStart);
        if (lineEnd < 0) lineEnd = s.length;
        if (s.slice(lineStart, lineEnd).replace(/^\t+/, '').trim() === op.delimiter) {
          op.body = s.slice(bodyStart, lineStart);
          op.bodyStart = bodyStart + this.base; op.bodyEnd = lineStart + this.base;
          this.i = Math.min(lineEnd + 1, s.length);
          break;
        }
        lineStart = lineEnd + 1;
      }
      if (lineStart >= s.length) { op.body = s.slice(bodyStart); op.bodyStart = bodyStart + this.base; op.bodyEnd = s.length + this.base; this.i = s.length; }
    }
    this.pendingHeredocs = [];
  }

  private endCommand() {
    if (this.words.length || this.heredocs.length) {
      let k = 0;
      const assignments: Word[] = [];
      while (k < this.words.length) {
        const w = this.words[k];
        if (PREFIX_KEYWORDS.has(w.text) && !w.quoted) { k++; continue; }
        if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w.text) && !w.quoted) { assignments.push(w); k++; continue; }
        break;
      }
      const words = this.words.slice(k);
      if (!(words.length === 1 && SKIP_KEYWORDS.has(words[0].text))) {
        const last = this.words[this.words.length - 1];
        this.out.push({ words, assignments, heredocs: this.heredocs, start: this.cmdStart, end: last ? last.end : this.cmdStart, substituted: this.substituted });
      }
    }
    this.words = []; this.heredocs = []; this.cmdStart = -1;
  }
}

/** The first word's program name without its path (`/kaniko/executor` → `executor` is NOT done: kept whole). */
export function argv0(c: Command): string { return c.words[0]?.text ?? ''; }
