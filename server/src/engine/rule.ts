/**
 * The rule contract. One file per rule under `server/src/rules/`, registered in `rules/index.ts`. A rule reads
 * the model through its context and reports findings at spans (file + offsets); the engine turns spans into
 * ranges, applies severity overrides and suppression comments, and catches a crashing rule.
 */
import type { FileKind, FixKind, Severity, Span, SpanEdit } from './types';
import type { Job, Pipeline } from '../model/pipeline';
import type { ExecutorKind, Runner, RunnerConfig } from '../model/runner';
import type { ParsedYaml } from '../formats/yaml';
import type { HelmValues } from '../formats/helm';

export interface ReportFix {
  title: string;
  edits: SpanEdit[];
  preferred?: boolean;
  /** Default `safe`; the engine makes a suggestion of a fix that edits another file or the runner, or touches privilege or TLS settings. */
  kind?: FixKind;
}

export interface Report {
  at: Span;
  message: string;
  /** Overrides the rule's default severity for this finding (e.g. a conditional warning when the runner is unknown). */
  severity?: Severity;
  related?: { at: Span; message: string }[];
  fixes?: ReportFix[];
}

/** The runners a CI file's jobs run on, as far as the workspace tells. */
export interface RunnerView {
  /** Runners found in the workspace for this CI file (config.toml / Helm values), possibly none. */
  runners: Runner[];
  /** `dindDoctor.runner.executor` / `--executor`, used when no runner is known. */
  assumedExecutor?: ExecutorKind;
  /** The executor every runner in view shares; the assumed one when none is known; 'unknown' otherwise. */
  executor: ExecutorKind | 'unknown';
  /** The runner profile whose runners stand in `runners` (no runner config serves the file, the setting names one). */
  profile?: 'gitlab-hosted-linux';
  /** The outer network MTU from the settings (`dindDoctor.runner.mtu`), when given. */
  mtu?: number;
}

interface BaseContext {
  report(r: Report): void;
  /** The text of a file of the workspace (for fixes that need to look at lines). */
  textOf(file: string): string | undefined;
}

export interface CiContext extends BaseContext {
  kind: 'gitlab-ci';
  pipeline: Pipeline;
  jobs: Job[];
  runners: RunnerView;
}

export interface RunnerConfigContext extends BaseContext {
  kind: 'runner-config';
  config: RunnerConfig;
  /** Pipelines whose jobs this runner config serves (lazy; cross-file rules on the runner side). */
  pipelines(): Pipeline[];
}

export interface HelmContext extends BaseContext {
  kind: 'helm-values';
  yaml: ParsedYaml;
  helm: HelmValues;
}

export type RuleContext = CiContext | RunnerConfigContext | HelmContext;

export interface Rule {
  /** Stable kebab-case id (the catalogue's), shown as the diagnostic code. */
  id: string;
  fileKinds: FileKind[];
  /** error: the job will fail; warning: insecure or fragile; info: speed/hygiene. */
  severity: Severity;
  summary: string;
  check(ctx: RuleContext): void;
}
