/**
 * Hover: what the findings under the cursor add to VS Code's own hover, and what a well-known key means.
 *
 * VS Code already shows a diagnostic's message (headline and detail), its rule id and the link to the rule page in
 * the hover; the section for a finding shows only what it does not: why it breaks and how to fix it (a few lines
 * from the rule's page, see rule-notes.ts), the quick fixes by name, and the link to the rule page — never the
 * message again. Text that comes from a finding (fix titles, job names, values) is escaped for Markdown.
 */
import type { Hover, Position } from 'vscode-languageserver';
import { effectiveKind } from '../engine/fix-policy';
import type { Finding, Fix } from '../engine/types';
import { KEY_DOCS } from './hover-docs';
import { escapeMarkdown } from './hover-keys';
import type { RuleNotes } from './rule-notes';

export interface HoverContext {
  /** The summary of a rule, when it is one of ours (said when its page's notes are not at hand). */
  ruleSummary(ruleId: string): string | undefined;
  /** Why a rule's finding breaks and how to fix it (Markdown, from the rule's page). */
  ruleNotes?(ruleId: string): RuleNotes | undefined;
  /** The link to a rule's page. */
  docsHref?(ruleId: string): string | undefined;
  /** The text of the hovered line (undefined: the document is not open). */
  lineText?: string;
}

export function hoverAt(findings: readonly Finding[], pos: Position, ctx: HoverContext): Hover | null {
  const parts: string[] = [];
  for (const f of findings.filter((x) => contains(x.range, pos))) {
    const s = findingSection(f, ctx);
    if (s) parts.push(s);
  }
  const line = ctx.lineText;
  if (line !== undefined) {
    const m = /^\s*(?:-\s*)?["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*[:=]/.exec(line);
    if (m && Object.hasOwn(KEY_DOCS, m[1]) && pos.character <= line.indexOf(m[1]) + m[1].length) parts.push(KEY_DOCS[m[1]]);
  }
  return parts.length ? { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') } } : null;
}

/** Why, how to fix, the quick fixes and the rule page of one finding; nothing of its message. */
function findingSection(f: Finding, ctx: HoverContext): string | undefined {
  const out: string[] = [];
  const notes = ctx.ruleNotes?.(f.ruleId);
  if (notes?.why) out.push(`**Why it breaks:** ${notes.why}`);
  if (notes?.fix) out.push(`**How to fix:** ${notes.fix}`);
  if (!notes?.why && !notes?.fix) {
    const summary = ctx.ruleSummary(f.ruleId);
    if (summary) out.push(`**Checks:** ${escapeMarkdown(summary)}`);
  }
  if (f.fixes?.length) {
    const title = (x: Fix) => escapeMarkdown(effectiveKind(f, x) === 'safe' ? `${x.preferred ? '★ ' : ''}${x.title}` : `${x.title} (suggestion)`);
    out.push(`**Quick fixes:** ${f.fixes.map(title).join(' · ')}`);
  }
  const href = ctx.docsHref?.(f.ruleId);
  if (href) out.push(`[Rule page: ${escapeMarkdown(f.ruleId)}](${href})`);
  return out.length ? out.join('\n\n') : undefined;
}

export function contains(r: Finding['range'], p: Position): boolean {
  if (p.line < r.start.line || p.line > r.end.line) return false;
  if (p.line === r.start.line && p.character < r.start.character) return false;
  if (p.line === r.end.line && p.character > r.end.character) return false;
  return true;
}
