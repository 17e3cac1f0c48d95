/** The CLI's report formats. */
import type { Finding } from '../engine/types';
import { formatCodeQuality } from './codequality';
import type { ReportContext } from './common';
import { formatJson } from './json';
import { formatSarif } from './sarif';
import { formatText } from './text';

export const FORMATS = ['text', 'json', 'sarif', 'codequality'] as const;
export type FormatName = (typeof FORMATS)[number];

export function isFormat(name: string): name is FormatName {
  return (FORMATS as readonly string[]).includes(name);
}

export function formatReport(format: FormatName, findings: readonly Finding[], ctx: ReportContext): string {
  switch (format) {
    case 'text': return formatText(findings, ctx);
    case 'json': return formatJson(findings, ctx);
    case 'sarif': return formatSarif(findings, ctx);
    case 'codequality': return formatCodeQuality(findings, ctx);
  }
}

export * from './common';
export { formatText, codeFrame } from './text';
export { formatJson, toJsonFindings, type JsonFinding } from './json';
export { formatSarif, buildSarif, sarifLevel, type SarifLog } from './sarif';
export { formatCodeQuality, buildCodeQuality, codeQualitySeverity, type CodeQualityIssue, type CodeQualitySeverity } from './codequality';
