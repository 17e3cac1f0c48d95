/**
 * Script words as written: whether a word or a whole command sits at its exact place in the file (so that a fix
 * may rewrite its text), words that are a single variable reference, and masking of values that may be secrets.
 */
import type { Word } from './shell';
import type { JobCommand } from './pipeline';

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

/** The file text of a span. */
export function source(text: string, s: { start: number; end: number }): string { return text.slice(s.start, s.end); }
