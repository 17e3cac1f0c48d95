/**
 * "Why it breaks" and "How to fix" of a rule, in a few lines, for the hover of its findings: taken from the rule's
 * own page (`docs/rules/<id>.md`, shipped in the extension), so the hover and the page never disagree. The finding's
 * message is shown by VS Code itself; these notes are what the hover adds (see docs/DECISIONS.md).
 *
 * - why: the first paragraph of `## Why it breaks`, cut after whole sentences at about {@link MAX_PROSE} characters,
 *   with the code block or list it introduces when it does not end a sentence (`… fails with:` and the error);
 * - fix: the first block of `## How to fix`: a paragraph taken the same way, a list (whole items, at most
 *   {@link MAX_LINES} lines) or a code block.
 * Raw HTML in the page's prose (`<registry-host>`) is escaped so that it shows as written.
 */
import { firstSentence } from '../engine/types';

export interface RuleNotes {
  /** Markdown: why the finding breaks the job. */
  why?: string;
  /** Markdown: how to fix it. */
  fix?: string;
}

/** Prose beyond this many characters is cut after the last whole sentence (at least one sentence is kept). */
export const MAX_PROSE = 280;
/** A list or code block is cut after this many lines (whole list items; at least one item). */
export const MAX_LINES = 6;

type Block = { kind: 'para' | 'list' | 'code' | 'other'; lines: string[] };

/** The notes of a rule page; empty when the page has neither section. */
export function ruleNotesFrom(page: string): RuleNotes {
  const notes: RuleNotes = {};
  const why = blocksOf(sectionOf(page, /^##\s+Why it breaks\s*$/i));
  const at = why.findIndex((b) => b.kind === 'para');
  if (at >= 0) notes.why = lead(why.slice(at));
  const fix = blocksOf(sectionOf(page, /^##\s+How to fix\s*$/i));
  if (fix.length) notes.fix = lead(fix);
  return notes;
}

function sectionOf(page: string, heading: RegExp): string[] {
  const lines = page.split(/\r?\n/);
  const at = lines.findIndex((l) => heading.test(l));
  if (at < 0) return [];
  const out: string[] = [];
  for (let i = at + 1; i < lines.length && !/^#{1,2}\s/.test(lines[i]); i++) out.push(lines[i]);
  return out;
}

/** Paragraphs, lists and fenced code blocks, in order (a list or fence right under a paragraph starts a new block). */
function blocksOf(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let cur: Block | undefined;
  let fence = false;
  for (const line of lines) {
    if (fence) {
      cur!.lines.push(line);
      if (/^\s*```/.test(line)) { fence = false; cur = undefined; }
      continue;
    }
    if (/^\s*```/.test(line)) { cur = { kind: 'code', lines: [line] }; blocks.push(cur); fence = true; continue; }
    if (line.trim() === '') { cur = undefined; continue; }
    const item = /^\s*(?:[-*+]|\d+[.)])\s/.test(line);
    const kind: Block['kind'] = item ? 'list' : /^\s*[|>#]/.test(line) ? 'other' : 'para';
    if (cur && (cur.kind === kind || (cur.kind === 'list' && kind === 'para'))) { cur.lines.push(line); continue; }
    cur = { kind, lines: [line] };
    blocks.push(cur);
  }
  return blocks;
}

/** The first block: a paragraph (with the list or code block it leads into when it ends without a full stop), a list or code. */
function lead(blocks: Block[]): string | undefined {
  const [first, next] = blocks;
  if (first.kind === 'para') {
    const text = prose(first);
    if (!/[.!?]["')`*]*$/.test(text) && next && (next.kind === 'list' || next.kind === 'code')) return `${text}\n\n${lines(next)}`;
    return text;
  }
  if (first.kind === 'list' || first.kind === 'code') return lines(first);
  return undefined;
}

/** A paragraph as one line, cut after whole sentences. */
function prose(b: Block): string {
  let rest = escapeHtml(b.lines.map((l) => l.trim()).join(' '));
  let out = '';
  while (rest) {
    const s = firstSentence(rest);
    if (out && out.length + 1 + s.length > MAX_PROSE) break;
    out = out ? `${out} ${s}` : s;
    rest = rest.slice(s.length).trim();
  }
  return out;
}

/** A list (whole items) or a code block, at most {@link MAX_LINES} lines. */
function lines(b: Block): string {
  if (b.kind === 'code') {
    if (b.lines.length <= MAX_LINES) return b.lines.join('\n');
    return [...b.lines.slice(0, MAX_LINES - 1), b.lines[0].match(/^\s*```/)![0]].join('\n');
  }
  const items: string[][] = [];
  for (const l of b.lines) if (/^\s*(?:[-*+]|\d+[.)])\s/.test(l) && !/^\s{2,}/.test(l)) items.push([l]); else (items.at(-1) ?? items[items.push([]) - 1]).push(l);
  const out: string[] = [];
  for (const it of items) {
    if (out.length && out.length + it.length > MAX_LINES) break;
    out.push(...it);
  }
  return escapeHtml(out.join('\n'));
}

/** `<word…>` outside code spans escaped, so that VS Code shows `<registry-host>` rather than dropping it as HTML. */
export function escapeHtml(md: string): string {
  return md.split(/(`+[^`]*`+)/).map((part, i) => (i % 2 ? part : part.replace(/<(?=[A-Za-z/!?])/g, '\\<'))).join('');
}

/** The notes of rules, read from `<root>/docs/rules/<id>.md` once per page; undefined when the page cannot be read. */
export function ruleNotesReader(read: (path: string) => string | undefined): (root: string, ruleId: string) => RuleNotes | undefined {
  const cache = new Map<string, RuleNotes | undefined>();
  return (root, ruleId) => {
    const path = `${root}/docs/rules/${ruleId}.md`;
    if (!cache.has(path)) { const text = read(path); cache.set(path, text === undefined ? undefined : ruleNotesFrom(text)); }
    return cache.get(path);
  };
}
