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
  /** The whole message: the headline, then the detail (the error users would see, why, what to do). */
  message: string;
  /**
   * The first sentence of `message` (at most 100 characters): what is wrong, what breaks, the concrete value. The
   * engine sets it on every finding; read it with {@link headlineOf}.
   */
  headline?: string;
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

/** The detail of a finding: its message after the headline (empty when the message is only a headline). */
export function detailOf(f: Pick<Finding, 'message' | 'headline'>): string {
  const h = headlineOf(f);
  return f.message.startsWith(h) ? f.message.slice(h.length).trim() : f.message;
}

/** The headline of a finding: its own, or the first sentence of its message. */
export function headlineOf(f: Pick<Finding, 'message' | 'headline'>): string {
  return f.headline ?? firstSentence(f.message);
}

/** A headline and its detail as one message (the detail may be empty). */
export function joinMessage(headline: string, detail: string | undefined): string {
  return detail ? `${headline} ${detail}` : headline;
}

/**
 * The first sentence of a text: up to the first `.`, `!` or `?` that ends the text or is followed by white space,
 * outside backticks and double quotes (so `v1.2.3`, `"Error: x. y"` and `` `a. b` `` do not end it). The headline of
 * a message that was not written with one (file problems, parser errors).
 */
export function firstSentence(text: string): string {
  let tick = false, quote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '`') tick = !tick;
    else if (c === '"' && !tick) quote = !quote;
    else if (!tick && !quote && (c === '.' || c === '!' || c === '?') && (i + 1 === text.length || /\s/.test(text[i + 1]))) {
      if (c === '.' && /(?:^|[^A-Za-z])(?:e\.g|i\.e|etc|vs)$/.test(text.slice(0, i))) continue;
      return text.slice(0, i + 1);
    }
  }
  return text;
}
