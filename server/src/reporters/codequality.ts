/**
 * GitLab Code Quality report (`artifacts:reports:codequality`): an array of
 * `{ description, check_name, fingerprint, severity, location: { path, lines: { begin } } }`; `description` is the
 * finding's headline (GitLab shows it in merge requests), `content.body` its detail (Code Climate's spec).
 *
 * Severity: error → `critical` (the job will fail), warning → `major` (insecure or fragile), info → `info`
 * (speed/hygiene). `blocker` is left for nothing we report and `minor` unused, so the MR widget's order matches ours.
 *
 * Fingerprint: SHA-256 of rule id, path, the trimmed text of the finding's line, the message and an occurrence
 * counter among otherwise identical findings in the file. So it survives lines being inserted above (no line
 * number in it) and changes when the offending line itself changes (GitLab then shows it as fixed + new).
 *
 * Which tool wrote it: `engine_name` (the field the Code Climate CLI adds to each issue) and `engine_version`, the
 * package version. GitLab ignores both; they tell a reader of the artifact which release produced it.
 */
import { createHash } from 'node:crypto';
import { detailOf, headlineOf, type Finding, type Severity } from '../engine/types';
import { DEFAULT_TOOL, lineOf, relativePath, sortFindings, type ReportContext } from './common';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number } };
  engine_name: string;
  engine_version: string;
}

export function codeQualitySeverity(s: Severity): CodeQualitySeverity {
  return s === 'error' ? 'critical' : s === 'warning' ? 'major' : 'info';
}

export function buildCodeQuality(findings: readonly Finding[], ctx: Pick<ReportContext, 'cwd' | 'readText' | 'tool'>): CodeQualityIssue[] {
  const tool = ctx.tool ?? DEFAULT_TOOL;
  const seen = new Map<string, number>();
  const texts = new Map<string, string | undefined>();
  return sortFindings(findings, ctx.cwd).map((f) => {
    const path = relativePath(ctx.cwd, f.file);
    if (!texts.has(f.file)) {
      let t: string | undefined;
      try { t = ctx.readText?.(f.file); } catch { t = undefined; }
      texts.set(f.file, t);
    }
    const lineText = (lineOf(texts.get(f.file), f.range.start.line) ?? '').trim();
    const key = [f.ruleId, path, lineText, f.message].join('\u0000');
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    const fingerprint = createHash('sha256').update(`${key}\u0000${n}`).digest('hex');
    return {
      description: headlineOf(f),
      ...(detailOf(f) ? { content: { body: detailOf(f) } } : {}),
      check_name: f.ruleId,
      fingerprint,
      severity: codeQualitySeverity(f.severity),
      location: { path, lines: { begin: f.range.start.line + 1 } },
      engine_name: tool.name,
      engine_version: tool.version,
    };
  });
}

export function formatCodeQuality(findings: readonly Finding[], ctx: Pick<ReportContext, 'cwd' | 'readText' | 'tool'>): string {
  return JSON.stringify(buildCodeQuality(findings, ctx), null, 2) + '\n';
}
