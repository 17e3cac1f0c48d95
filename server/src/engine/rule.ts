/**
 * The rule contract. One file per rule under `server/src/rules/`, registered in `rules/index.ts` (through the
 * topic files in `rules/groups/`). A rule is made with the constructor of the file kind it reads —
 * {@link ciRule}, {@link runnerRule}, {@link helmRule}, or {@link defineRule} when it reads several — so its check
 * gets that kind's context, typed. It reads the model through the context and reports findings at spans
 * (file + offsets); the engine turns spans into ranges, applies severity overrides and suppression comments, and
 * catches a crashing rule. This module holds only the contract: rules import it, it imports no rule and no engine
 * code.
 */
import type { AnalyzeOptions, FileKind, FixKind, Severity, Span, SpanEdit } from './types';
import type { Job, Pipeline } from '../model/pipeline';
import type { RunnerConfig, RunnerView } from '../model/runner';

export type { RunnerView };
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
  /**
   * One sentence of at most 100 characters, ending with a full stop, that says what is wrong and what breaks and
   * names the concrete value (`DOCKER_HOST uses 2375 but dind listens on 2376 (TLS on).`). It is what the Problems
   * panel, the CLI's first line and a Code Quality report show; the finding's message is the headline, a space and
   * `message`.
   */
  headline?: string;
  /** The detail after the headline: the error the job prints, why, and what to do. */
  message: string;
  /** Overrides the rule's default severity for this finding (e.g. a conditional warning when the runner is unknown). */
  severity?: Severity;
  related?: { at: Span; message: string }[];
  fixes?: ReportFix[];
}

export { clip } from '../formats/text';

/**
 * The end of a fix title that announces the findings other rules report once the fix is applied: a suggestion that
 * cannot do everything names what remains to do, a fix that reveals advice (an info) names it. Empty when none.
 * The tests hold every fix to it: a new finding after a fix must be announced so (test/fix-check.ts).
 */
export function thenNote(...ruleIds: (string | false | undefined)[]): string {
  const ids = ruleIds.filter((x): x is string => !!x);
  return ids.length ? ` (then reported: ${ids.join(', ')})` : '';
}

/** What every context offers, whatever the file kind. */
export interface BaseContext {
  report(r: Report): void;
  /** The text of a file of the workspace (for fixes that need to look at lines). */
  textOf(file: string): string | undefined;
  /** The analysis settings (`.dind-doctor.json`, VS Code settings, CLI flags), read-only. */
  options: Readonly<AnalyzeOptions>;
}

/** A GitLab CI pipeline: the main file with its local includes, effective jobs, and the runners in view. */
export interface CiContext extends BaseContext {
  kind: 'gitlab-ci';
  pipeline: Pipeline;
  jobs: Job[];
  runners: RunnerView;
}

/** A runner config: a config.toml, or the `runners.config` TOML embedded in gitlab-runner Helm values. */
export interface RunnerConfigContext extends BaseContext {
  kind: 'runner-config';
  config: RunnerConfig;
  /** Pipelines whose jobs this runner config serves (lazy; cross-file rules on the runner side). */
  pipelines(): Pipeline[];
}

/** A gitlab-runner Helm values file as YAML (its `runners.config` is also checked as a runner config). */
export interface HelmContext extends BaseContext {
  kind: 'helm-values';
  yaml: ParsedYaml;
  helm: HelmValues;
}

export type RuleContext = CiContext | RunnerConfigContext | HelmContext;

/** The context a check gets for each file kind. */
export interface ContextOf { 'gitlab-ci': CiContext; 'runner-config': RunnerConfigContext; 'helm-values': HelmContext }

/** What a rule says about itself. */
export interface RuleMeta {
  /** Stable kebab-case id, shown as the diagnostic code; `docs/rules/<id>.md` and `test/rules/<id>.cases.ts` use it. */
  id: string;
  /** error: the job will fail; warning: insecure or fragile; info: speed/hygiene. */
  severity: Severity;
  summary: string;
}

/**
 * What a check returns: nothing, or (a check with long work, e.g. schema validation of a big file) a generator whose
 * steps the engine runs one by one, so that a front end can answer requests between them.
 */
export type CheckResult = void | Generator<void, void, void>;

/** Jobs a check written as a generator looks at between two of its steps. */
export const RULE_STEP_JOBS = 100;

/** In a check written as a generator, looping over jobs: whether to yield before the `i`-th job (from 0). */
export function stepDue(i: number): boolean { return i > 0 && i % RULE_STEP_JOBS === 0; }

/**
 * A registered rule, as the engine runs it. Not written as an object literal: make one with {@link ciRule},
 * {@link runnerRule} or {@link helmRule} (`check(ctx)`), or {@link defineRule} (`ci`/`runner`/`helm`).
 */
export interface Rule extends RuleMeta {
  /** The file kinds the rule reads (from its checks, in {@link FileKind} order). */
  readonly fileKinds: readonly FileKind[];
  /** One check per file kind the rule reads. */
  readonly checks: { readonly [K in FileKind]?: (ctx: ContextOf[K]) => CheckResult };
}

/** A rule that reads GitLab CI files. */
export function ciRule(def: RuleMeta & { check(ctx: CiContext): CheckResult }): Rule {
  return defineRule({ id: def.id, severity: def.severity, summary: def.summary, ci: def.check });
}

/** A rule that reads runner configs: config.toml files and the `runners.config` of gitlab-runner Helm values. */
export function runnerRule(def: RuleMeta & { check(ctx: RunnerConfigContext): CheckResult }): Rule {
  return defineRule({ id: def.id, severity: def.severity, summary: def.summary, runner: def.check });
}

/** A rule that reads gitlab-runner Helm values files as YAML. */
export function helmRule(def: RuleMeta & { check(ctx: HelmContext): CheckResult }): Rule {
  return defineRule({ id: def.id, severity: def.severity, summary: def.summary, helm: def.check });
}

/** A rule that reads several file kinds: one check per kind, each with its own typed context. */
export function defineRule(def: RuleMeta & { ci?(ctx: CiContext): CheckResult; runner?(ctx: RunnerConfigContext): CheckResult; helm?(ctx: HelmContext): CheckResult }): Rule {
  const checks: { -readonly [K in FileKind]?: (ctx: ContextOf[K]) => CheckResult } = {};
  if (def.ci) checks['gitlab-ci'] = def.ci;
  if (def.runner) checks['runner-config'] = def.runner;
  if (def.helm) checks['helm-values'] = def.helm;
  const fileKinds = (['gitlab-ci', 'runner-config', 'helm-values'] as const).filter((k) => checks[k]);
  if (!fileKinds.length) throw new Error(`rule '${def.id}' has no check`);
  return { id: def.id, severity: def.severity, summary: def.summary, fileKinds, checks };
}
