/**
 * Where YAML anchors (`&name`) and aliases (`*name`) are written in a file, for navigation. The tree of yaml.ts
 * resolves aliases away (an alias yields its anchor's node), so the places are read from the `yaml` package's
 * concrete syntax tree, with an explicit stack (no recursion, whatever the nesting).
 */
import { Parser } from 'yaml';
import { RecentByText } from './text';

export interface AnchorMark { name: string; start: number; end: number }
export interface AnchorMarks {
  anchors: AnchorMark[];
  aliases: AnchorMark[];
}

const memo = new RecentByText<AnchorMarks>(16);

/** Anchors and aliases of a YAML text, sorted by offset (the last few texts are memoised). */
export function anchorMarks(text: string): AnchorMarks {
  const hit = memo.get(text);
  if (hit) return hit;
  const out: AnchorMarks = { anchors: [], aliases: [] };
  if (text.includes('&') || text.includes('*')) {
    const stack: unknown[] = Array.from(new Parser().parse(text));
    while (stack.length) {
      const t = stack.pop();
      if (!t || typeof t !== 'object') continue;
      if (Array.isArray(t)) { for (const x of t) stack.push(x); continue; }
      const tok = t as { type?: string; offset?: number; source?: string };
      if ((tok.type === 'anchor' || tok.type === 'alias') && typeof tok.offset === 'number' && typeof tok.source === 'string') {
        (tok.type === 'anchor' ? out.anchors : out.aliases).push({ name: tok.source.slice(1), start: tok.offset, end: tok.offset + tok.source.length });
      }
      for (const v of Object.values(t)) if (v && typeof v === 'object') stack.push(v);
    }
    out.anchors.sort((a, b) => a.start - b.start);
    out.aliases.sort((a, b) => a.start - b.start);
  }
  memo.set(text, out, text.length);
  return out;
}

/** The anchor an alias refers to: the last anchor of that name written before it (YAML's rule). */
export function anchorOf(marks: AnchorMarks, alias: AnchorMark): AnchorMark | undefined {
  let found: AnchorMark | undefined;
  for (const a of marks.anchors) {
    if (a.start >= alias.start) break;
    if (a.name === alias.name) found = a;
  }
  return found;
}
