/** Hover: the findings under the cursor (rule, message, fixes), and what a well-known key means. */
import type { Hover, Position } from 'vscode-languageserver';
import { effectiveKind } from '../engine/fix-policy';
import type { Finding, Fix } from '../engine/types';
import { KEY_DOCS } from './hover-docs';

export interface HoverContext {
  /** The summary of a rule, when it is one of ours. */
  ruleSummary(ruleId: string): string | undefined;
  /** The text of the hovered line (undefined: the document is not open). */
  lineText?: string;
}

export function hoverAt(findings: readonly Finding[], pos: Position, ctx: HoverContext): Hover | null {
  const parts: string[] = [];
  for (const f of findings.filter((x) => contains(x.range, pos))) {
    const summary = ctx.ruleSummary(f.ruleId);
    let s = `**${f.ruleId}**${summary ? ` — ${summary}` : ''}\n\n${f.message}`;
    if (f.fixes?.length) {
      const title = (x: Fix) => (effectiveKind(f, x) === 'safe' ? `${x.preferred ? '★ ' : ''}${x.title}` : `${x.title} (suggestion)`);
      s += `\n\nFixes: ${f.fixes.map(title).join(' · ')}`;
    }
    parts.push(s);
  }
  const line = ctx.lineText;
  if (line !== undefined) {
    const m = /^\s*(?:-\s*)?["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*[:=]/.exec(line);
    if (m && Object.hasOwn(KEY_DOCS, m[1]) && pos.character <= line.indexOf(m[1]) + m[1].length) parts.push(KEY_DOCS[m[1]]);
  }
  return parts.length ? { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') } } : null;
}

export function contains(r: Finding['range'], p: Position): boolean {
  if (p.line < r.start.line || p.line > r.end.line) return false;
  if (p.line === r.start.line && p.character < r.start.character) return false;
  if (p.line === r.end.line && p.character > r.end.character) return false;
  return true;
}
