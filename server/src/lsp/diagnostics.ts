/** Findings as LSP diagnostics. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { detailOf, headlineOf, type Finding } from '../engine/types';

export interface DiagnosticContext {
  /** The URI of a file path, as the client spells it. */
  uriOf(path: string): string;
  /** The documentation link of a rule, when there is one. */
  docsHref?(ruleId: string): string | undefined;
}

export function toDiagnostic(f: Finding, ctx: DiagnosticContext): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: f.severity === 'error' ? DiagnosticSeverity.Error : f.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
    code: f.ruleId,
    source: 'dind-doctor',
    message: diagnosticMessage(f),
  };
  const href = ctx.docsHref?.(f.ruleId);
  if (href) d.codeDescription = { href };
  if (f.related?.length) d.relatedInformation = f.related.map((r) => ({ location: { uri: ctx.uriOf(r.file), range: r.range }, message: r.message ?? '' }));
  return d;
}

/** The key the client sends back in a code-action request's `context.diagnostics`, to find the finding again. */
export function diagnosticKey(d: { code?: string | number; range: Finding['range']; message: string }): string {
  return `${d.code}|${d.range.start.line}|${d.range.start.character}|${d.message}`;
}

export function findingKey(f: Finding): string {
  return diagnosticKey({ code: f.ruleId, range: f.range, message: diagnosticMessage(f) });
}

/**
 * The headline on its own line, the detail below it: the Problems panel shows each line of a message as a row, so
 * the headline is never cut off by the detail, and VS Code's hover shows both.
 */
export function diagnosticMessage(f: Finding): string {
  const detail = detailOf(f);
  return detail ? `${headlineOf(f)}\n${detail}` : headlineOf(f);
}
