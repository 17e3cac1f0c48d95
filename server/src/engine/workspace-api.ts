/** The engine's API for front ends (language server, CLI, tests). Implemented by `Workspace` in workspace.ts. */
import type { AnalyzeOptions, FileKind, Finding } from './types';

export interface WorkspaceOptions {
  /** Workspace folders / CLI roots (absolute). A file's project root is the innermost root that contains it. */
  roots: string[];
  /** Extra globs (relative to a root) of CI files. */
  ciFiles?: string[];
  /** Extra globs (relative to a root) of runner configs / Helm values. */
  runnerConfigFiles?: string[];
  /**
   * Runner configs to judge every CI file against (CLI `--runner-config`), wherever they live; when set, they replace
   * the folder-based pairing.
   */
  runnerConfigs?: string[];
  analyze?: AnalyzeOptions;
  /**
   * `false`: do not list the files under the roots; only the files analysed and what they name (includes, runner
   * configs given above) are read. For a file opened from outside every workspace folder: its folder may be huge.
   */
  scan?: boolean;
  /**
   * `false`: run every rule on every job at each analysis (no per-job reuse of job-scoped rules' results; tests
   * compare both ways).
   */
  jobCache?: boolean;
}

export interface WorkspaceApi {
  setOptions(opts: Partial<WorkspaceOptions>): void;
  /** A file changed, appeared or disappeared: drop what was cached for it. */
  changed(path: string): void;
  /** Files the engine serves, found under the roots (and the settings' globs). */
  discover(): { ciFiles: string[]; runnerConfigs: string[]; helmValues: string[] };
  /** What kind of file this is for dind-doctor, or undefined when it is not one it serves. */
  kindOf(path: string): FileKind | undefined;
  /** Findings located in this file (cross-file findings included), sorted by position. */
  analyze(path: string): Finding[];
  /**
   * Why `text`, as the content of `path`, does not parse as the file's kind, or undefined when it parses (the
   * fixer's check before and after each fix), reusing what the engine parsed. Optional: without it front ends parse
   * the text themselves (`parseProblem` of fix-policy.ts).
   */
  parseProblem?(path: string, text: string): string | undefined;
  /** Files whose findings may change when `path` changes (for re-analysis of dependents). */
  dependentsOf(path: string): string[];
}
