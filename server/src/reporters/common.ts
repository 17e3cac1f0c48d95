/** What every reporter shares: rule metadata lookup, paths relative to the current folder, 1-based positions. */
import type { Finding, Range, Severity } from '../engine/types';
import { LineIndex } from '../formats/text';
import { TOOL } from '../version';

export interface RuleMeta { summary: string; severity: Severity }
/** Rule metadata by id (from the rule registry); undefined for an id it does not know. */
export type RuleMetaFn = (id: string) => RuleMeta | undefined;

export interface ToolInfo {
  name: string;
  version: string;
  /** Where the tool is documented (an absolute URI). */
  informationUri: string;
  /** The documentation page of a rule (`docs/rules/<id>.md`), as an absolute URI. */
  ruleHelpUri(id: string): string;
}

export interface ReportContext {
  /** Absolute, `/`-separated folder that paths are shown relative to. */
  cwd: string;
  /** Text of a file as analysed (code frames, fingerprints); undefined when unknown. */
  readText?: (file: string) => string | undefined;
  ruleMeta?: RuleMetaFn;
  tool?: ToolInfo;
  /** ANSI colours (text reporter only). */
  color?: boolean;
  /** How many files were analysed (text reporter's "no problems" line). */
  filesChecked?: number;
  /**
   * Problems that `--fix` would fix (the CLI counts them with a dry run of the fixer); default: findings whose
   * preferred fix is safe.
   */
  fixable?: number;
}

/** The tool a report names when the caller gives none: this package (name, version from package.json). */
export const DEFAULT_TOOL: ToolInfo = TOOL;

/** `file` relative to `cwd`, `/`-separated (`../x` when outside; the absolute path on another drive). */
export function relativePath(cwd: string, file: string): string {
  const f = file.replace(/\\/g, '/');
  const base = cwd.replace(/\\/g, '/').replace(/\/+$/, '');
  if (base === '') return f.replace(/^\/+/, '');
  const fParts = f.split('/');
  const bParts = base.split('/');
  // Different roots (Windows drives): keep the absolute path.
  if (fParts[0].toLowerCase() !== bParts[0].toLowerCase()) return f;
  let i = 0;
  while (i < fParts.length && i < bParts.length && fParts[i] === bParts[i]) i++;
  const up = bParts.slice(i).map(() => '..');
  const rel = [...up, ...fParts.slice(i)].join('/');
  return rel === '' ? '.' : rel;
}

export interface OneBasedRange { line: number; column: number; endLine: number; endColumn: number }

/** LSP range (0-based, end exclusive) → 1-based lines and columns (end column exclusive, as ESLint and SARIF). */
export function oneBased(range: Range): OneBasedRange {
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Findings by file, then position, then severity, then rule id (a stable order for every report). */
export function sortFindings(findings: readonly Finding[], cwd: string): Finding[] {
  return [...findings].sort((a, b) => {
    const fa = relativePath(cwd, a.file), fb = relativePath(cwd, b.file);
    if (fa !== fb) return fa < fb ? -1 : 1;
    return a.range.start.line - b.range.start.line
      || a.range.start.character - b.range.start.character
      || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]
      || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
      || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
  });
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

/** The text of a line (0-based) without its line break, or undefined (a shared line index: a report of thousands of findings in one huge file reads each line in constant time). */
export function lineOf(text: string | undefined, line: number): string | undefined {
  if (text === undefined || line < 0) return undefined;
  const lines = LineIndex.of(text);
  return line < lines.lineCount ? lines.lineText(line) : undefined;
}

