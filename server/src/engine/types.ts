/**
 * The engine's public contracts. The engine is pure: text in, findings out. It never imports `vscode`,
 * `vscode-languageserver` or `fs`; files come through {@link FileSystem}.
 */

export type Severity = 'error' | 'warning' | 'info';
export type SeverityOverride = Severity | 'off';

/** What a file is, for the rules. `runner-config` covers config.toml and the TOML inside Helm `runners.config`. */
export type FileKind = 'gitlab-ci' | 'runner-config' | 'helm-values';

/** A zero-based position (line, UTF-16 character), as in LSP. */
export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** A span of a file by offsets; the form the model keeps (cheap), turned into a Range at report time. */
export interface Span { file: string; start: number; end: number }

export interface TextEdit { range: Range; newText: string }
/** An edit by offsets, as rules build them; the engine turns it into a {@link TextEdit}. */
export interface SpanEdit { file: string; start: number; end: number; newText: string }

export interface Location { file: string; range: Range; message?: string }

/**
 * `safe`: keeps what the user meant, edits only the file of the finding, widens no privilege, weakens no security
 * setting (applied by `--fix` and the editor's fix all). `suggestion`: changes the runner, another file, privileges,
 * TLS or behaviour (applied only when asked: a quick fix, `--fix-suggestions`).
 */
export type FixKind = 'safe' | 'suggestion';

export interface Fix {
  title: string;
  /** Edits, possibly in several files (a cross-file fix edits the runner config). */
  edits: { file: string; edits: TextEdit[] }[];
  preferred?: boolean;
  /** Set by the engine for every fix it reports (see engine/fix-policy.ts); a fix without one is taken as safe. */
  kind?: FixKind;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  related?: Location[];
  fixes?: Fix[];
}

/** File access, provided by the front end (server: open documents first, then disk; CLI: disk; tests: memory). */
export interface FileSystem {
  /** The text of a file, or undefined when it does not exist. Throws {@link FileReadError} when it cannot be read. */
  readFile(path: string): string | undefined;
  /**
   * Every file below `dir` (absolute paths, `/`-separated), skipping `node_modules`, `.git` and other dot-folders
   * except `.gitlab`; used to discover CI files and runner configs. Optional: without it only known files count.
   */
  listFiles?(dir: string): string[];
}

export class FileReadError extends Error {}

export interface RunnerSettings {
  /** `dindDoctor.runner.executor` / `--executor`: assumed executor when no runner config is known. */
  executor?: string;
  /** `dindDoctor.runner.profile` / `--runner-profile`: the jobs run on runners described by a profile (`gitlab-hosted-linux`). */
  profile?: string;
  /** `dindDoctor.runner.mtu` / `--runner-mtu`: the MTU of the network the jobs' containers are attached to. */
  mtu?: number;
}

export interface AnalyzeOptions {
  /** Per-rule severity overrides (settings, `.dind-doctor.json`, `--rule`). */
  rules?: Record<string, SeverityOverride>;
  runner?: RunnerSettings;
  schemaValidation?: boolean;
  /**
   * `false`: leave CI files' schema errors to another tool (the VS Code client sets it when Red Hat YAML validates
   * them against GitLab's schema); runner configs are still validated unless `schemaValidation` is false.
   */
  ciSchemaValidation?: boolean;
}
