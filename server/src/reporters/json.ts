/**
 * `--format json`: an array of `{ file, ruleId, severity, headline, message, line, column, endLine, endColumn, fixes }` with
 * 1-based lines and columns (end column exclusive) and paths relative to the current folder.
 */
import { headlineOf, type Finding, type Severity } from '../engine/types';
import { oneBased, relativePath, sortFindings, type ReportContext } from './common';

export interface JsonFinding {
  file: string;
  ruleId: string;
  severity: Severity;
  /** The first sentence of `message`: what is wrong, what breaks (at most 100 characters). */
  headline: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixes: { title: string; preferred?: boolean }[];
  related?: { file: string; line: number; column: number; endLine: number; endColumn: number; message?: string }[];
}

export function toJsonFindings(findings: readonly Finding[], ctx: Pick<ReportContext, 'cwd'>): JsonFinding[] {
  return sortFindings(findings, ctx.cwd).map((f) => {
    const out: JsonFinding = {
      file: relativePath(ctx.cwd, f.file),
      ruleId: f.ruleId,
      severity: f.severity,
      headline: headlineOf(f),
      message: f.message,
      ...oneBased(f.range),
      fixes: (f.fixes ?? []).map((x) => (x.preferred ? { title: x.title, preferred: true } : { title: x.title })),
    };
    if (f.related?.length) {
      out.related = f.related.map((r) => ({ file: relativePath(ctx.cwd, r.file), ...oneBased(r.range), ...(r.message ? { message: r.message } : {}) }));
    }
    return out;
  });
}

export function formatJson(findings: readonly Finding[], ctx: Pick<ReportContext, 'cwd'>): string {
  return JSON.stringify(toJsonFindings(findings, ctx), null, 2) + '\n';
}
