/** The CLI's report formats. */
import type { Finding } from '../engine/types';
import { formatCodeQuality } from './codequality';
import type { ReportContext } from './common';
import { formatJson } from './json';
import { formatSarif } from './sarif';
import { formatText } from './text';
import { Redactor } from './secrets';

export const FORMATS = ['text', 'json', 'sarif', 'codequality'] as const;
export type FormatName = (typeof FORMATS)[number];

export function isFormat(name: string): name is FormatName {
  return (FORMATS as readonly string[]).includes(name);
}

/** A report in one format, with every secret of the files involved masked (see `secrets.ts`). */
export function formatReport(format: FormatName, findings: readonly Finding[], ctx: ReportContext): string {
  const safe = redacted(findings, ctx);
  return formatUnmasked(format, safe.findings, safe.ctx);
}

function redacted(findings: readonly Finding[], ctx: ReportContext): { findings: Finding[]; ctx: ReportContext } {
  const texts = new Map<string, string | undefined>();
  const read = (file: string) => {
    if (!texts.has(file)) { let t: string | undefined; try { t = ctx.readText?.(file); } catch { t = undefined; } texts.set(file, t); }
    return texts.get(file);
  };
  for (const f of findings) {
    read(f.file);
    for (const r of f.related ?? []) read(r.file);
    for (const x of f.fixes ?? []) for (const e of x.edits) read(e.file);
  }
  const redactor = Redactor.fromTexts(texts.values());
  const masked = new Map<string, string | undefined>();
  const readText = (file: string) => {
    if (!masked.has(file)) { const t = read(file); masked.set(file, t === undefined ? undefined : redactor.redact(t)); }
    return masked.get(file);
  };
  return { findings: findings.map((f) => redactor.finding(f)), ctx: { ...ctx, readText } };
}

function formatUnmasked(format: FormatName, findings: readonly Finding[], ctx: ReportContext): string {
  switch (format) {
    case 'text': return formatText(findings, ctx);
    case 'json': return formatJson(findings, ctx);
    case 'sarif': return formatSarif(findings, ctx);
    case 'codequality': return formatCodeQuality(findings, ctx);
  }
}

export * from './common';
export { Redactor, findSecrets } from './secrets';
export { formatText, codeFrame } from './text';
export { formatJson, toJsonFindings, type JsonFinding } from './json';
export { formatSarif, buildSarif, sarifLevel, type SarifLog } from './sarif';
export { formatCodeQuality, buildCodeQuality, codeQualitySeverity, type CodeQualityIssue, type CodeQualitySeverity } from './codequality';
