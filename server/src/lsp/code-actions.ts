/**
 * Code actions for findings: each fix of a finding as a quick fix, "Disable <rule> for this line" and "Show
 * documentation for <rule>". Pure: the server hands in the published findings and a few lookups.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { disableLineEdit } from '../engine/suppress';
import type { Finding, Fix } from '../engine/types';
import type { LineIndex } from '../formats/text';
import { diagnosticKey, findingKey, toDiagnostic, type DiagnosticContext } from './diagnostics';

export interface CodeActionContext extends DiagnosticContext {
  /** The findings last published for the document. */
  findings: readonly Finding[];
  /** Whether a rule id is one of ours (suppression and documentation actions are offered for those only). */
  isRule(ruleId: string): boolean;
  /** The line index of a file, for the suppression comment. */
  linesOf(file: string): LineIndex;
}

/** The findings a code-action request is about: the diagnostics it names, else those on the requested lines. */
export function findingsFor(params: Pick<CodeActionParams, 'range' | 'context'>, findings: readonly Finding[]): Finding[] {
  const wanted = new Set(params.context.diagnostics.map(diagnosticKey));
  return findings.filter((f) => wanted.size
    ? wanted.has(findingKey(f))
    : f.range.start.line <= params.range.end.line && f.range.end.line >= params.range.start.line);
}

export function quickFixActions(params: Pick<CodeActionParams, 'textDocument' | 'range' | 'context'>, ctx: CodeActionContext): CodeAction[] {
  const uri = params.textDocument.uri;
  const actions: CodeAction[] = [];
  for (const f of findingsFor(params, ctx.findings)) {
    const diag = toDiagnostic(f, ctx);
    for (const fix of f.fixes ?? []) {
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diag], isPreferred: !!fix.preferred, edit: fixEdit(fix, ctx.uriOf) });
    }
    if (!ctx.isRule(f.ruleId)) continue;
    const lines = ctx.linesOf(f.file);
    const e = disableLineEdit(f.file, lines, f.range.start.line, f.ruleId);
    actions.push({ title: `Disable ${f.ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diag], edit: { changes: { [uri]: [{ range: lines.range(e.start, e.end), newText: e.newText }] } } });
    actions.push({ title: `Show documentation for ${f.ruleId}`, kind: CodeActionKind.QuickFix, diagnostics: [diag], command: { title: `Show documentation for ${f.ruleId}`, command: 'dindDoctor.showRuleDocs', arguments: [f.ruleId] } });
  }
  return actions;
}

/** A fix as a workspace edit. */
export function fixEdit(fix: Fix, uriOf: (path: string) => string): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const fe of fix.edits) changes[uriOf(fe.file)] = [...(changes[uriOf(fe.file)] ?? []), ...fe.edits];
  return { changes };
}
