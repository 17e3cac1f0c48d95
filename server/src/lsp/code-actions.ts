/**
 * Code actions for findings: each fix of a finding as a quick fix, "Disable <rule> for this line" and "Show
 * documentation for <rule>". Pure: the server hands in the published findings and a few lookups.
 */
import { CodeActionKind, type AnnotatedTextEdit, type ChangeAnnotation, type CodeAction, type CodeActionParams, type TextDocumentEdit, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { effectiveKind } from '../engine/fix-policy';
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
  /** A file as titles name it (relative to the workspace folder); default: its base name. */
  shownPath?(file: string): string;
  /** The client applies change annotations (LSP 3.16): a fix that edits another file then opens the refactor preview. */
  changeAnnotations?: boolean;
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
      const others = otherFiles(f, fix);
      const shown = others.map((o) => ctx.shownPath?.(o) ?? baseName(o));
      const title = others.length === 0 || shown.every((o) => fix.title.includes(baseName(o))) ? fix.title : `${fix.title} (edits ${shown.join(', ')})`;
      const edit = others.length > 0 && ctx.changeAnnotations ? reviewedEdit(fix, f.file, shown, ctx.uriOf) : fixEdit(fix, ctx.uriOf);
      actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diag], isPreferred: !!fix.preferred && effectiveKind(f, fix) === 'safe', edit });
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

/** Files a fix edits besides its finding's. */
function otherFiles(f: Finding, fix: Fix): string[] {
  return [...new Set(fix.edits.map((e) => e.file).filter((file) => file !== f.file))];
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

/** The label of the marker edit that makes VS Code open the refactor preview. */
export const REVIEW_LABEL = 'Review: this fix edits another file';

/**
 * A fix that edits another file, as an edit the user reviews before it applies. VS Code opens its refactor preview
 * when an edit of a WorkspaceEdit carries a change annotation with `needsConfirmation`, and starts such edits
 * unticked: so the fix's own edits carry an annotation without it (ticked: the preview shows the change at once),
 * and one empty edit carries the `needsConfirmation` one that opens the preview.
 */
export function reviewedEdit(fix: Fix, findingFile: string, shown: string[], uriOf: (path: string) => string): WorkspaceEdit {
  const changeAnnotations: Record<string, ChangeAnnotation> = {
    fix: { label: fix.title, description: `also edits ${shown.join(', ')}`, needsConfirmation: false },
    review: { label: REVIEW_LABEL, description: shown.join(', '), needsConfirmation: true },
  };
  const byUri = new Map<string, AnnotatedTextEdit[]>();
  for (const fe of fix.edits) {
    const uri = uriOf(fe.file);
    byUri.set(uri, [...(byUri.get(uri) ?? []), ...fe.edits.map((e) => ({ ...e, annotationId: 'fix' }))]);
  }
  const home = uriOf(findingFile);
  const homeEdits = byUri.get(home) ?? [];
  const at = freeLineStart(homeEdits);
  byUri.set(home, [{ range: { start: at, end: at }, newText: '', annotationId: 'review' }, ...homeEdits]);
  const documentChanges: TextDocumentEdit[] = [...byUri].map(([uri, edits]) => ({ textDocument: { uri, version: null }, edits }));
  return { documentChanges, changeAnnotations };
}

/** The start of the first line that no edit touches (an empty edit there overlaps none). */
function freeLineStart(edits: readonly TextEdit[]): { line: number; character: number } {
  const touches = (line: number) => edits.some((e) => {
    const { start, end } = e.range;
    const beforeStart = line < start.line || (line === start.line && start.character > 0);
    return !(beforeStart || line > end.line);
  });
  let line = 0;
  while (touches(line)) line++;
  return { line, character: 0 };
}
