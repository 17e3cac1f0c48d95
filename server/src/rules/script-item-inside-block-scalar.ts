import { ciRule, type ReportFix, clip } from '../engine/rule';
import type { Span, SpanEdit } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import type { ScriptLine } from '../model/pipeline';
import { splitCommands } from '../model/shell';

/**
 * A `- command` line written inside a `|` or `>` script item is shell text, not a new list item: with `|` the shell
 * runs a command named `-` (`/bin/sh: eval: line N: -: not found`); with `>` the line is folded into the command
 * above it and becomes its arguments.
 */
export const rule = ciRule({
  id: 'script-item-inside-block-scalar',
  severity: 'error',
  summary: 'A `- command` line inside a `|` or `>` script item is shell text, not a new script item',
  check(ctx) {
    const seen = new Set<string>();
    for (const job of ctx.jobs) {
      for (const line of job.scripts) {
        const node = line.node;
        if (node.style !== 'literal' && node.style !== 'folded') continue;
        const key = `${node.file}:${node.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const text = ctx.textOf(node.file);
        if (text === undefined) continue;
        const dashes = dashLines(line, text);
        if (!dashes.length) continue;
        const fix = node.style === 'literal' ? splitIntoItems(new YamlEditor(node.file, text), line, dashes) : undefined;
        for (const d of dashes) {
          const at: Span = { file: node.file, start: d.start, end: d.end };
          const cmd = text.slice(d.start + 1, d.end).trim();
          const message = d.folded
            ? `This \`- ${clip(cmd, 30)}\` line is folded into the command above, not a new item. This line is inside the \`>\` block of the ${line.section} item above, so YAML folds it into the previous line: '- ${cmd}' becomes arguments of the command before it instead of a new ${line.section} item. Outdent it to the item's \`-\` so it is a list item of its own.`
            : `This \`- ${clip(cmd, 20)}\` line is shell text, not a new item: the job fails with \`-: not found\`. This line is inside the \`${node.style === 'literal' ? '|' : '>'}\` block of the ${line.section} item above, so it is shell text, not a new ${line.section} item: the shell runs a command named \`-\` and the job fails with \`/bin/sh: eval: line N: -: not found\`. Outdent it to the item's \`-\` so '${cmd}' is a list item of its own.`;
          // a docker push that was shell text becomes a command the rules check (push-mutable-tag-only may speak)
          const push = dashes.some((x) => /^-\s*docker\s+push\b/.test(text.slice(x.start, x.end).trim()));
          const title = `Make the indented \`- …\` lines script items of their own${push ? ' (the docker push is then checked too: push-mutable-tag-only)' : ''}`;
          const fixes: ReportFix[] = fix ? [{ title, preferred: true, kind: 'safe', edits: fix }] : [];
          ctx.report({ at, message, severity: d.folded ? 'warning' : 'error', fixes });
        }
      }
    }
  },
});

interface DashLine { start: number; end: number; lineStart: number; folded: boolean }

/** `- …` lines of a block scalar that the shell (or YAML folding) does not read as intended. */
function dashLines(line: ScriptLine, text: string): DashLine[] {
  const out: DashLine[] = [];
  const lineStartOf = (o: number) => text.lastIndexOf('\n', o - 1) + 1;
  const lineEndOf = (o: number) => { const n = text.indexOf('\n', o); return (n < 0 ? text.length : n) - (text[n - 1] === '\r' ? 1 : 0); };
  const onlyBlanksBefore = (o: number) => /^[ \t]*$/.test(text.slice(lineStartOf(o), o));
  // 1. the shell sees a command `-` (literal blocks; folded ones after a blank line)
  for (const c of splitCommands(line.text)) {
    const w = c.words[0];
    if (!w || w.quoted || w.text !== '-' || c.substituted || c.assignments.length) continue;
    if (c.words.length < 2) continue; // a lone `-` is not a list item either
    const at = line.toFile(w.start);
    if (text[at] !== '-' || !onlyBlanksBefore(at) || !/[ \t]/.test(text[at + 1] ?? '')) continue;
    out.push({ start: at, end: lineEndOf(at), lineStart: lineStartOf(at), folded: false });
  }
  // 2. `>`: a `- …` line at the block's indentation right after another text line is folded into it
  if (line.node.style === 'folded') {
    const lines = text.slice(line.node.start, line.node.end).split('\n');
    let offset = line.node.start + lines[0].length + 1;
    let indent = -1;
    let prev: { indent: number; blank: boolean } | undefined;
    for (const l of lines.slice(1)) {
      const ind = l.search(/\S/);
      const blank = ind < 0;
      if (!blank && indent < 0) indent = ind;
      if (!blank && ind === indent && /^-[ \t]+\S/.test(l.slice(ind)) && prev && !prev.blank && prev.indent === indent) {
        out.push({ start: offset + ind, end: lineEndOf(offset + ind), lineStart: offset, folded: true });
      }
      prev = { indent: ind, blank };
      offset += l.length + 1;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * The fix for a `- |` item whose block ends with `- …` lines: those lines become items of the same list, at the
 * item's own indentation. Offered only when every line from the first `- …` line to the end of the block is such a
 * one-line item (or blank), and text comes before them in the block.
 */
function splitIntoItems(ed: YamlEditor, line: ScriptLine, dashes: DashLine[]): SpanEdit[] | undefined {
  const node = line.node;
  const text = ed.text;
  const headerStart = text.lastIndexOf('\n', node.start - 1) + 1;
  const header = /^([ \t]*)-[ \t]+[|>]/.exec(text.slice(headerStart, node.start + 1));
  if (!header || text.slice(headerStart, node.start).trim() !== '-') return undefined;
  const itemIndent = header[1];
  const first = dashes[0];
  const before = text.slice(text.indexOf('\n', node.start) + 1, first.lineStart);
  if (!before.trim()) return undefined;
  const rest = text.slice(first.lineStart, node.end).split('\n');
  const items: string[] = [];
  for (const l of rest) {
    const t = l.replace(/\r$/, '').trim();
    if (!t) continue;
    const m = /^-[ \t]+(.*)$/.exec(t);
    if (!m || m[1].endsWith('\\')) return undefined;
    items.push(m[1]);
  }
  const last = dashes[dashes.length - 1];
  if (!items.length || items.length !== dashes.length) return undefined;
  const eol = ed.eol;
  const newText = items.map((c) => `${itemIndent}- ${ed.scalar(c)}`).join(eol);
  return [{ file: node.file, start: first.lineStart, end: last.end, newText }];
}
