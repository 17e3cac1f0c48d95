/**
 * The engine: finds and classifies files, parses each once per text, builds pipelines and runner views, runs the
 * rules and returns findings per file. Pure: files come through a {@link FileSystem}.
 */
import { posix } from 'node:path';
import picomatch from 'picomatch';
import { checkText, MAX_FILE_BYTES, MAX_TOML_FILE_BYTES, parseYaml, type ParsedYaml } from '../formats/yaml';
import { reparseYaml } from '../formats/yaml-incremental';
import { parseToml, parseTomlSteps, type TomlDoc } from '../formats/toml';
import { isHelmValues, readHelmValues, type HelmValues } from '../formats/helm';
import { LineIndex } from '../formats/text';
import { buildPipelineSteps, type Pipeline } from '../model/pipeline';
import { readRunnerConfig, type ExecutorKind, type Runner, type RunnerConfig } from '../model/runner';
import { isProfileFile, profileApplies, profileRunners } from '../model/runner-profile';
import { rules as allRules } from '../rules';
import { JOB_SCOPED_RULES, REPORTED_ONCE_PER_PLACE } from './job-scopes';
import { titleNamingTargets } from './fix-title';
import { JobRuleCache, type JobRulePlan } from './job-cache';
import type { BaseContext, CheckResult, ContextOf, Report, ReportFix, Rule, RunnerView } from './rule';
import { classifyFix, parseProblem, tomlProblem, yamlProblem } from './fix-policy';
import { isSuppressed, readSuppressions, type Suppressions } from './suppress';
import { FileReadError, firstSentence, joinMessage, type FileKind, type FileSystem, type Finding, type Fix, type Severity, type SpanEdit } from './types';
import type { WorkspaceApi, WorkspaceOptions } from './workspace-api';

export type { WorkspaceOptions } from './workspace-api';

const CI_NAME = /(^|\/)(\.gitlab-ci\.ya?ml|[^/]*\.gitlab-ci\.ya?ml)$/;
const RUNNERS_TABLE = /^[ \t]*\[\[[ \t]*runners[ \t]*\]\]/m;
const HELM_HINT = /^[ \t]{0,8}(runners:[ \t]*(#.*)?|(gitlabUrl|runnerRegistrationToken|runnerToken):.*)$/m;

/** A file's text and what was read from it; `parses`: whether it parses as its kind (fixes need that). */
interface Entry { parses?: boolean; runners?: { config: RunnerConfig; yaml?: ParsedYaml; helm?: HelmValues }; text: string; lines: LineIndex; yaml?: ParsedYaml; toml?: TomlDoc; helm?: HelmValues; suppress?: Suppressions; error?: string }

export class Workspace implements WorkspaceApi {
  private opts: WorkspaceOptions;
  private readonly cache = new Map<string, Entry>();
  private readonly missing = new Set<string>();
  /** The last parse of each changed YAML file, until it is parsed again: an edit re-parses only the entry it touches. */
  private readonly previousYaml = new Map<string, ParsedYaml>();
  /** The last text {@link parseProblem} parsed for a fix, kept until that file is parsed next: the fix's text is then parsed once. */
  private checkedYaml: ParsedYaml | undefined;
  private readonly kinds = new Map<string, FileKind | undefined>();
  private files: string[] | undefined;
  private fileSet: Set<string> | undefined;
  /** Pipelines by main file; {@link changed} drops them all (files are cached until then, so nothing else goes stale). */
  private pipelines = new Map<string, { pipeline: Pipeline; findings: Finding[] | undefined }>();
  /** The last pipeline built per main file, kept after {@link changed} drops it (front ends answer from it meanwhile). */
  private lastBuilt = new Map<string, Pipeline>();
  private includedBy = new Map<string, Set<string>>();
  private discovered: ReturnType<Workspace['discover']> | undefined;
  /** Every listed file classified, without building any pipeline (what runner lookup needs). */
  private classified: { ciFiles: string[]; runnerConfigs: string[]; helmValues: string[] } | undefined;
  private readonly rules: Rule[];
  /** Per-job results of job-scoped rules, by main CI file (job-cache.ts); dropped when any other file changes. */
  private readonly jobCaches = new Map<string, JobRuleCache>();
  private lastStats: { reused: number; computed: number } | undefined;
  private gen = 0;

  constructor(private readonly fs: FileSystem, opts: WorkspaceOptions, rules: Rule[] = allRules) {
    this.opts = { ...opts, roots: opts.roots.map(norm) };
    this.rules = rules;
  }

  setOptions(opts: Partial<WorkspaceOptions>): void {
    this.opts = { ...this.opts, ...opts, roots: (opts.roots ?? this.opts.roots).map(norm) };
    this.pipelines.clear();
    this.lastBuilt.clear();
    this.jobCaches.clear();
    this.gen++;
    this.kinds.clear();
    this.files = undefined; this.discovered = undefined; this.classified = undefined;
  }

  /**
   * A file's text changed (or it appeared or went away). Pipelines that do not read it keep their model (only their
   * findings are recomputed: rules also read runner configs and other files); a file not listed before may be a new
   * include target, so then every pipeline is rebuilt.
   */
  changed(path: string): void {
    path = norm(path);
    this.gen++;
    const prev = this.cache.get(path)?.yaml;
    if (prev) this.previousYaml.set(path, prev);
    this.cache.delete(path);
    this.missing.delete(path);
    this.kinds.delete(path);
    const known = !!this.fileSet?.has(path);
    // job-scoped results stay valid across edits of their own main file only (its segments are keyed)
    for (const [main, c] of this.jobCaches) if (main !== path) c.clear();
    for (const [main, slot] of this.pipelines) {
      if (!known || main === path || slot.pipeline.files.includes(path)) this.pipelines.delete(main);
      else slot.findings = undefined;
    }
    if (!known) { this.files = undefined; this.lastBuilt.clear(); } // a new file (maybe a wildcard include): list again
    this.discovered = undefined; this.classified = undefined;
  }

  /**
   * Lists the workspace's files again at the next need (files may appear or go without a change notice: a checkout
   * in a terminal, a watcher that excludes a folder). Pipelines are rebuilt, since wildcard includes read the list.
   */
  relist(): void {
    this.files = undefined;
    this.discovered = undefined; this.classified = undefined;
    this.pipelines.clear();
    this.lastBuilt.clear();
    for (const c of this.jobCaches.values()) c.clear();
  }

  // ---- files ----

  /** A file's text and parse results, read once and kept until {@link changed} says the file changed. */
  private entry(path: string): Entry | undefined {
    const cached = this.cache.get(path);
    if (cached) return cached;
    if (this.missing.has(path) || isProfileFile(path)) return undefined;
    let text: string | undefined;
    try { text = this.fs.readFile(path); } catch (e) {
      return { text: '', lines: new LineIndex(''), error: e instanceof FileReadError ? e.message : `cannot read ${path}: ${(e as Error).message}` };
    }
    if (text === undefined) { this.missing.add(path); return undefined; }
    const e: Entry = { text, lines: LineIndex.of(text) };
    this.cache.set(path, e);
    return e;
  }

  private yaml(path: string): ParsedYaml | undefined {
    const e = this.entry(path);
    if (!e || e.error) return undefined;
    if (!e.yaml) {
      const checked = this.checkedYaml?.file === path ? this.checkedYaml : undefined;
      if (checked) this.checkedYaml = undefined;
      e.yaml = checked && checked.text === e.text ? checked : reparseYaml(path, e.text, this.previousYaml.get(path));
      this.previousYaml.delete(path);
    }
    return e.yaml;
  }

  private allFiles(): string[] {
    if (!this.files) {
      const set = new Set<string>();
      if (this.fs.listFiles && this.opts.scan !== false) for (const r of this.opts.roots) for (const f of this.fs.listFiles(r)) set.add(norm(f));
      this.files = [...set].sort();
      this.fileSet = set;
    }
    return this.files;
  }

  private rootOf(path: string): string {
    let best = '';
    for (const r of this.opts.roots) if ((path === r || path.startsWith(r + '/')) && r.length > best.length) best = r;
    return best || posix.dirname(path);
  }

  private matchesGlobs(path: string, globs: string[] | undefined): boolean {
    if (!globs?.length) return false;
    const root = this.rootOf(path);
    const rel = path.startsWith(root + '/') ? path.slice(root.length + 1) : path;
    return globs.some((g) => picomatch.isMatch(rel, g, { dot: true }));
  }

  discover(): { ciFiles: string[]; runnerConfigs: string[]; helmValues: string[] } {
    if (this.discovered) return this.discovered;
    const c = this.classifyAll();
    const ciFiles = [...c.ciFiles];
    // local includes of the CI files are CI files too (this builds the pipeline of every CI file)
    const seen = new Set(ciFiles);
    for (const main of c.ciFiles) for (const f of this.pipelineFor(main).files) if (!seen.has(f)) { seen.add(f); ciFiles.push(f); }
    this.discovered = { ciFiles: ciFiles.sort(), runnerConfigs: c.runnerConfigs, helmValues: c.helmValues };
    return this.discovered;
  }

  /**
   * The files of the workspace folders by kind, from names and a cheap look at the text, without building any
   * pipeline: CI files that only local includes name are not among them ({@link discover} finds those).
   */
  listedByKind(): { ciFiles: string[]; runnerConfigs: string[]; helmValues: string[] } {
    return this.classifyAll();
  }

  /** Every listed file by kind, from names and a cheap look at the text: no CI file is parsed here. */
  private classifyAll(): { ciFiles: string[]; runnerConfigs: string[]; helmValues: string[] } {
    if (this.classified) return this.classified;
    const ciFiles: string[] = [], runnerConfigs: string[] = [], helmValues: string[] = [];
    for (const f of this.allFiles()) {
      const k = this.classify(f);
      if (k === 'gitlab-ci') ciFiles.push(f); else if (k === 'runner-config') runnerConfigs.push(f); else if (k === 'helm-values') helmValues.push(f);
    }
    this.classified = { ciFiles, runnerConfigs, helmValues };
    return this.classified;
  }

  /** Classifies by name and a cheap look at the text; kept per file until it changes (or the options do). */
  private classify(path: string): FileKind | undefined {
    if (this.kinds.has(path)) return this.kinds.get(path);
    const k = this.classifyNow(path);
    this.kinds.set(path, k);
    return k;
  }

  private classifyNow(path: string): FileKind | undefined {
    if (CI_NAME.test(path) || this.matchesGlobs(path, this.opts.ciFiles)) return 'gitlab-ci';
    const runnerGlob = this.matchesGlobs(path, this.opts.runnerConfigFiles);
    if (/\.toml(\.tpl|\.template)?$/.test(path)) {
      if (runnerGlob || /(^|\/)config\.toml$/.test(path)) return 'runner-config';
      const e = this.entry(path);
      return e && RUNNERS_TABLE.test(e.text) ? 'runner-config' : undefined;
    }
    if (/\.ya?ml$/.test(path)) {
      const e = this.entry(path);
      if (e && (runnerGlob || HELM_HINT.test(e.text))) {
        const y = this.yaml(path);
        if (y && isHelmValues(y)) return 'helm-values';
      }
    }
    return undefined;
  }

  kindOf(path: string): FileKind | undefined {
    path = norm(path);
    const k = this.classify(path);
    if (k) return k;
    if (/\.ya?ml$/.test(path)) { this.discover(); if (this.includedBy.has(path)) return 'gitlab-ci'; }
    return undefined;
  }

  // ---- pipelines ----

  private pipelineFor(main: string): Pipeline { return drain(this.pipelineBuildSteps(main)); }

  /** The pipeline of a main CI file, built in steps (every few hundred jobs) unless it is cached. */
  private *pipelineBuildSteps(main: string): Generator<void, Pipeline, void> {
    const cached = this.pipelines.get(main);
    if (cached) return cached.pipeline;
    const root = this.rootOf(main);
    const pipeline = yield* buildPipelineSteps(main, {
      root,
      fragment: !/(^|\/)\.gitlab-ci\.ya?ml$/.test(main),
      load: (p) => {
        const e = this.entry(p);
        if (!e) return undefined;
        if (e.error) return { error: e.error };
        return this.yaml(p);
      },
      listFiles: () => this.allFiles(),
    });
    for (const f of pipeline.files) if (f !== main) { if (!this.includedBy.has(f)) this.includedBy.set(f, new Set()); this.includedBy.get(f)!.add(main); }
    this.pipelines.set(main, { pipeline, findings: undefined });
    this.lastBuilt.set(main, pipeline);
    return pipeline;
  }

  /** Main CI files whose pipeline contains this file (the file itself when nothing includes it). */
  private mainsOf(path: string): string[] {
    // a file named like a main CI file is its own main: answered without building every other pipeline first
    if (CI_NAME.test(path)) return [path];
    this.discover();
    const mains = this.includedBy.get(path);
    if (mains && mains.size && !CI_NAME.test(path)) return [...mains];
    return [path];
  }

  // ---- runners ----

  /** The runner model of a config.toml / Helm values file, built once per text (runner facts memoise on it). */
  private runnerConfigOf(path: string): { config: RunnerConfig; yaml?: ParsedYaml; helm?: HelmValues } | undefined {
    const e = this.entry(path);
    if (!e || e.error) return undefined;
    if (e.runners) return e.runners;
    if (/\.ya?ml$/.test(path)) {
      const y = this.yaml(path);
      if (!y) return undefined;
      e.helm ??= readHelmValues(y);
      const config = e.helm.runnerConfig ? readRunnerConfig(e.helm.runnerConfig, true) : { file: path, doc: emptyDoc(path, e), runners: [], helm: true };
      e.runners = { config, yaml: y, helm: e.helm };
    } else {
      e.toml ??= parseToml(path, e.text);
      e.runners = { config: readRunnerConfig(e.toml, false) };
    }
    return e.runners;
  }

  /** {@link runnerConfigOf} in steps: a long config.toml is parsed a few runners per step. */
  private *runnerConfigSteps(path: string): Generator<void, void, void> {
    const e = this.entry(path);
    if (!e || e.error || e.runners) return;
    if (!/\.ya?ml$/.test(path) && !e.toml) e.toml = yield* parseTomlSteps(path, e.text);
    this.runnerConfigOf(path);
    yield;
  }

  /** Runner configs that serve a CI file: those given as options, else those under the nearest folder (walking up to the root) that has any. */
  runnerConfigFilesFor(ciFile: string): string[] {
    if (this.opts.runnerConfigs?.length) return this.opts.runnerConfigs.map(norm);
    const d = this.classifyAll();
    // kept with the listing it was read from (a runner config served by every CI file is asked this for each of them)
    if (this.configsFor?.listing !== d) this.configsFor = { listing: d, byCiFile: new Map() };
    let found = this.configsFor.byCiFile.get(ciFile);
    if (!found) { found = this.nearestConfigs(ciFile, [...d.runnerConfigs, ...d.helmValues]); this.configsFor.byCiFile.set(ciFile, found); }
    return found;
  }

  private configsFor: { listing: object; byCiFile: Map<string, string[]> } | undefined;

  private nearestConfigs(ciFile: string, configs: string[]): string[] {
    const root = this.rootOf(ciFile);
    let dir = posix.dirname(ciFile);
    for (;;) {
      const here = configs.filter((c) => c.startsWith(dir + '/'));
      if (here.length) return here;
      if (dir === root || dir === '/' || !dir.startsWith(root)) break;
      dir = posix.dirname(dir);
    }
    return [];
  }

  /** CI files judged with the runners of this runner config (none when it defines no runner). */
  private servedBy(config: string): string[] {
    if (!this.runnerConfigOf(config)?.config.runners.length) return [];
    return this.discover().ciFiles.filter((c) => c !== config && this.runnerConfigFilesFor(c).includes(config));
  }

  private runnersFor(ciFile: string): Runner[] {
    return this.runnerConfigFilesFor(ciFile).flatMap((c) => this.runnerConfigOf(c)?.config.runners ?? []);
  }

  /**
   * What a CI file is judged against (a local include: the first pipeline that includes it): the runner config
   * files, whether the options named them, and the executor and profile the rules see. Undefined for other files.
   */
  runnerPairing(path: string): { main: string; configs: string[]; fromOptions: boolean; executor: RunnerView['executor']; assumedExecutor?: string; profile?: string } | undefined {
    path = norm(path);
    if (this.kindOf(path) !== 'gitlab-ci') return undefined;
    const main = this.mainsOf(path)[0];
    const view = this.runnerView(main, this.pipelineFor(main));
    return { main, configs: this.runnerConfigFilesFor(main), fromOptions: !!this.opts.runnerConfigs?.length, executor: view.executor, assumedExecutor: view.assumedExecutor, profile: view.profile };
  }

  private runnerView(ciFile: string, pipeline?: Pipeline): RunnerView {
    let runners = this.runnersFor(ciFile);
    const settings = this.opts.analyze?.runner;
    const assumed = settings?.executor ? executorOf(settings.executor) : undefined;
    // a runner profile stands in for the runner config the workspace does not have
    let profile: RunnerView['profile'];
    if (!runners.length && settings?.profile === 'gitlab-hosted-linux' && pipeline && profileApplies(settings.profile, pipeline)) {
      profile = settings.profile;
      runners = profileRunners(profile);
    }
    let executor: RunnerView['executor'] = 'unknown';
    if (runners.length) { const kinds = new Set(runners.map((r) => r.executor)); if (kinds.size === 1) executor = [...kinds][0]; }
    else if (assumed) executor = assumed;
    const mtu = settings?.mtu !== undefined && Number.isInteger(settings.mtu) && settings.mtu > 0 ? settings.mtu : undefined;
    return { runners, assumedExecutor: assumed, executor, profile, mtu };
  }

  // ---- analysis ----

  analyze(path: string): Finding[] { return drain(this.analyzeSteps(path)); }

  /**
   * {@link analyze} cut into steps: the generator yields between the parse, the pipeline and the rules (and every
   * few hundred jobs inside a rule), so that a front end can answer requests in between. A generator left unfinished
   * after {@link changed} or {@link setOptions} (see {@link generation}) must be dropped, not resumed.
   */
  *analyzeSteps(path: string, opts: { early?: (findings: Finding[]) => void } = {}): Generator<void, Finding[], void> {
    path = norm(path);
    const kind = this.kindOf(path);
    const e = this.entry(path);
    if (!e) return [];
    if (e.error) return [fileProblem(path, 'file-unreadable', e.error)];
    const toml = kind === 'runner-config' && !/\.ya?ml$/.test(path);
    const bad = checkText(e.text, toml ? MAX_TOML_FILE_BYTES : MAX_FILE_BYTES);
    if (bad) return [fileProblem(path, kind === 'runner-config' ? 'toml-syntax-error' : 'yaml-syntax-error', bad)];
    let findings: Finding[] = [];
    if (kind === 'gitlab-ci') {
      if (!e.yaml) yield; // reading the text (its line index) and the parse are separate steps
      const mains = this.mainsOf(path);
      // the findings of every rule but the late ones, for a front end that shows them while those run
      const early = opts.early && mains.length === 1 ? (fs: Finding[]) => opts.early!(finish(fs.filter((f) => f.file === path))) : undefined;
      for (const main of mains) findings.push(...(yield* this.pipelineSteps(main, early)).filter((f) => f.file === path));
    } else if (kind === 'runner-config' || kind === 'helm-values') {
      findings = yield* this.runnerFindings(path);
    }
    return finish(findings);
  }

  private *pipelineSteps(main: string, early?: (findings: Finding[]) => void): Generator<void, Finding[], void> {
    if (!this.pipelines.has(main)) { this.yaml(main); yield; } // the parse, then the pipeline
    const pipeline = yield* this.pipelineBuildSteps(main);
    const slot = this.pipelines.get(main)!;
    if (slot.findings) return slot.findings;
    yield;
    // each runner config not read yet (parse and model) is a step of its own
    for (const c of this.runnerConfigFilesFor(main)) yield* this.runnerConfigSteps(c);
    const runners = this.runnerView(main, pipeline);
    let plan: JobRulePlan | undefined;
    if (this.opts.jobCache !== false) {
      let cache = this.jobCaches.get(main);
      if (!cache) { cache = new JobRuleCache(); this.jobCaches.set(main, cache); }
      plan = yield* cache.planSteps(pipeline);
      yield;
    }
    const findings = yield* this.ruleSteps('gitlab-ci', (base) => ({ ...base, kind: 'gitlab-ci', pipeline, jobs: pipeline.jobs, runners }), main, plan, early);
    slot.findings = findings;
    this.lastStats = plan && { reused: plan.reused, computed: plan.computed }; // not the plan: it holds the jobs
    return findings;
  }

  /** A runner config's findings, in steps: its parse, the pipelines of the CI files it serves, then each rule. */
  private *runnerFindings(path: string): Generator<void, Finding[], void> {
    yield* this.runnerConfigSteps(path);
    const rc = this.runnerConfigOf(path);
    if (!rc) return [];
    const out: Finding[] = [];
    // the pipelines are built here, one per step, not inside the first rule that asks for them
    const served = rc.config.runners.length ? this.servedBy(path) : [];
    yield;
    for (const c of served) if (!this.pipelines.has(c)) { yield* this.pipelineBuildSteps(c); yield; }
    const pipelines = () => served.map((c) => this.pipelineFor(c));
    const { yaml, helm } = rc;
    if (helm && yaml) out.push(...(yield* this.ruleSteps('helm-values', (base) => ({ ...base, kind: 'helm-values', yaml, helm }), path)));
    if (!helm || helm.runnerConfig) out.push(...(yield* this.ruleSteps('runner-config', (base) => ({ ...base, kind: 'runner-config', config: rc.config, pipelines }), path)));
    return out.filter((f) => f.file === path);
  }

  /**
   * Runs every rule that has a check for this file kind, each with its own context (its own `report`), in steps: it
   * yields after each rule, and every few hundred jobs inside a job-scoped one.
   */
  private *ruleSteps<K extends FileKind>(kind: K, makeCtx: (base: BaseContext) => ContextOf[K], at: string, plan?: JobRulePlan, early?: (findings: Finding[]) => void): Generator<void, Finding[], void> {
    const out: Finding[] = [];
    const options = this.opts.analyze ?? {};
    const overrides = options.rules ?? {};
    const textOf = (f: string) => this.entry(f)?.text;
    // the late rules run last; `early` is given what the others found before they start
    const order = [...this.rules.entries()];
    if (early) order.sort(([, a], [, b]) => Number(LATE_RULES.has(a.id)) - Number(LATE_RULES.has(b.id)));
    let earlyGiven = !early;
    for (const [index, rule] of order) {
      if (!earlyGiven && LATE_RULES.has(rule.id)) { earlyGiven = true; early!([...out]); }
      const check = rule.checks[kind];
      if (!check) continue;
      const override = overrides[rule.id];
      if (override === 'off') continue;
      const report = (r: Report) => {
        const f = this.toFinding(rule, r, override);
        if (f) out.push(f);
      };
      try {
        if (plan && kind === 'gitlab-ci' && JOB_SCOPED_RULES.has(rule.id)) {
          // a job-scoped rule: the reports of jobs whose inputs did not change are reused, the rule runs on the others
          const ci = check as (ctx: ContextOf['gitlab-ci']) => CheckResult;
          const make = makeCtx as (base: BaseContext) => ContextOf['gitlab-ci'];
          yield* plan.run(index, (jobs, rep) => { const r = ci({ ...make({ report: rep, textOf, options }), jobs }); if (r) drain(r); }, report, REPORTED_ONCE_PER_PLACE.has(rule.id));
        } else {
          const r = check(makeCtx({ report, textOf, options }));
          if (r) yield* r; // a check with steps of its own
        }
        yield;
      } catch (err) {
        const headline = `dind-doctor rule '${rule.id}' crashed on this file; the other rules ran.`.slice(0, 100);
        out.push({ ruleId: 'internal-error', severity: 'warning', file: at, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, headline, message: joinMessage(headline, `Error: ${(err as Error).message}. Please report this.`) });
      }
    }
    if (!earlyGiven) early!([...out]);
    return out;
  }

  private toFinding(rule: Rule, r: Report, override: string | undefined): Finding | undefined {
    const e = this.entry(r.at.file);
    if (!e) return undefined;
    const range = e.lines.range(r.at.start, r.at.end);
    e.suppress ??= readSuppressions(e.text, e.lines);
    if (isSuppressed(e.suppress, rule.id, range.start.line)) return undefined;
    const severity = (override && override !== 'off' ? override : r.severity ?? rule.severity) as Severity;
    const headline = r.headline ?? firstSentence(r.message);
    const f: Finding = { ruleId: rule.id, severity, headline, message: r.headline ? joinMessage(r.headline, r.message) : r.message, file: r.at.file, range };
    if (r.related?.length) f.related = r.related.flatMap((x) => { const le = this.entry(x.at.file); return le ? [{ file: x.at.file, range: le.lines.range(x.at.start, x.at.end), message: x.message }] : []; });
    if (r.fixes?.length) f.fixes = r.fixes.map((fx) => this.toFix(fx, r.at.file, r.at.start)).filter((x): x is Fix => !!x);
    return f;
  }

  /** A rule's fix as the front ends see it: ranges, and its kind. None when a file it edits does not parse. */
  private toFix(fx: ReportFix, findingFile: string, findingOffset: number): Fix | undefined {
    const byFile = new Map<string, SpanEdit[]>();
    for (const ed of fx.edits) { if (!byFile.has(ed.file)) byFile.set(ed.file, []); byFile.get(ed.file)!.push(ed); }
    const out: Fix['edits'] = [];
    for (const [file, eds] of byFile) {
      const e = this.entry(file);
      if (!e || e.error) return undefined;
      if (!this.parses(file, e)) return undefined;
      out.push({ file, edits: eds.map((x) => ({ range: e.lines.range(x.start, x.end), newText: x.newText })) });
    }
    const kind = classifyFix(fx.kind, findingFile, fx.edits, (f) => this.entry(f)?.text, (f) => this.kindOf(f));
    const title = titleNamingTargets(fx.title, { findingFile, findingOffset, edits: fx.edits, topKeyAt: (f, o) => this.topKeyAt(f, o) });
    return { title, edits: out, preferred: fx.preferred, kind };
  }

  /** The top-level key of a CI file whose entry holds `offset` (fix titles name the job they edit). */
  private topKeyAt(file: string, offset: number): string | undefined {
    if (this.kindOf(file) !== 'gitlab-ci') return undefined;
    const root = this.yaml(file)?.root;
    if (root?.kind !== 'map') return undefined;
    for (const e of root.entries.values()) if (e.keyStart <= offset && offset <= e.value.end) return e.key;
    return undefined;
  }

  /** Counts {@link changed} and {@link setOptions} calls: steps of {@link analyzeSteps} begun under another count are stale. */
  get generation(): number { return this.gen; }

  /** How the last CI analysis ran its job-scoped rules: jobs × rules reused and computed (undefined: not cached). */
  jobCacheStats(): { reused: number; computed: number } | undefined {
    return this.lastStats;
  }

  /** Whether a file parses as its kind (what was parsed for the rules is reused). */
  private parses(file: string, e: Entry): boolean {
    if (e.parses !== undefined) return e.parses;
    const kind = this.kindOf(file);
    let ok: boolean;
    if (kind === 'gitlab-ci' || kind === 'helm-values') {
      const y = this.yaml(file);
      ok = !!y && !y.problems.some((p) => p.code === 'yaml-syntax-error') && !(kind === 'helm-values' && this.runnerConfigOf(file)?.helm?.runnerConfig?.problems.length);
    } else if (kind === 'runner-config' && !/\.ya?ml$/.test(file)) {
      e.toml ??= parseToml(file, e.text);
      ok = e.toml.problems.length === 0;
    } else ok = parseProblem(file, e.text, kind) === undefined;
    e.parses = ok;
    return ok;
  }

  /**
   * Why `text`, as the content of `path`, does not parse as the file's kind, or undefined when it parses: what the
   * fixer asks before and after each fix. The current text is answered from the parse the analysis made; another
   * text of a YAML file is re-parsed from it incrementally (only the top-level entry a fix edits is parsed again,
   * with the same result as a whole parse), so that checking a fix to a huge file never holds a second whole tree;
   * when the current text was not parsed (nothing analysed it here), the other text is parsed alone. The parse of a
   * YAML text checked here is the one the next analysis uses, when that text becomes the file's.
   */
  parseProblem(path: string, text: string): string | undefined {
    path = norm(path);
    const kind = this.kindOf(path);
    const e = this.entry(path);
    const yamlKind = kind === 'gitlab-ci' || kind === 'helm-values';
    if (!e || e.error || !(yamlKind || (kind === 'runner-config' && !/\.ya?ml$/.test(path)))) return parseProblem(path, text, kind);
    if (!yamlKind) return e.text === text ? tomlProblem((e.toml ??= parseToml(path, e.text))) : parseProblem(path, text, kind);
    if (e.text === text) { const current = this.yaml(path); return current ? yamlProblem(current, e.helm) : parseProblem(path, text, kind); }
    this.checkedYaml = e.yaml ? reparseYaml(path, text, e.yaml) : parseYaml(path, text);
    return yamlProblem(this.checkedYaml);
  }

  dependentsOf(path: string): string[] {
    path = norm(path);
    const kind = this.kindOf(path);
    // a CI file's dependents are known from the pipelines built so far (one that was never built published nothing)
    if (kind === 'runner-config' || kind === 'helm-values') return this.servedBy(path);
    if (kind === 'gitlab-ci') {
      const out = new Set<string>();
      for (const main of this.mainsOf(path)) for (const f of this.pipelineFor(main).files) if (f !== path) out.add(f);
      for (const [inc, mains] of this.includedBy) if (mains.has(path) && inc !== path) out.add(inc);
      return [...out];
    }
    return [];
  }

  /** Effective jobs defined in a CI file (through the pipelines that contain it). */
  jobsIn(path: string): import('../model/pipeline').Job[] {
    path = norm(path);
    if (this.kindOf(path) !== 'gitlab-ci') return [];
    return this.mainsOf(path).flatMap((m) => this.pipelineFor(m).jobs.filter((j) => j.entry.file === path));
  }

  /**
   * The pipelines that contain a CI file (built once per set of file versions and shared with analysis; no rule runs).
   * `build: false` answers from the cache only (nothing when the file changed since the last analysis).
   */
  pipelinesOf(path: string, opts: { build?: boolean } = {}): Pipeline[] {
    path = norm(path);
    if (opts.build === false) return [...this.pipelines].filter(([main, slot]) => main === path || slot.pipeline.files.includes(path)).map(([, slot]) => slot.pipeline);
    if (this.kindOf(path) !== 'gitlab-ci') return [];
    return this.mainsOf(path).map((m) => this.pipelineFor(m));
  }

  /**
   * The pipelines that contained a CI file when they were last built, current or not: after {@link changed} they
   * describe the texts they were built from (`pipeline.parsed`), not necessarily the files' texts now. Never builds.
   */
  lastPipelines(path: string): { pipeline: Pipeline; current: boolean }[] {
    path = norm(path);
    const out: { pipeline: Pipeline; current: boolean }[] = [];
    for (const [main, pipeline] of this.lastBuilt) {
      if (main !== path && !pipeline.files.includes(path)) continue;
      out.push({ pipeline, current: this.pipelines.get(main)?.pipeline === pipeline });
    }
    return out;
  }

  /** A YAML file's parse, cached until the file changes (navigation and outline read it; no rule runs). */
  parsedYaml(path: string): ParsedYaml | undefined { return this.yaml(norm(path)); }

  /** The runner model of a config.toml or Helm values file (cached per text), undefined for other files. */
  runnerModel(path: string): { config: RunnerConfig; helm?: HelmValues } | undefined {
    path = norm(path);
    const k = this.kindOf(path);
    return k === 'runner-config' || k === 'helm-values' ? this.runnerConfigOf(path) : undefined;
  }

  /** The workspace folder (root) a file belongs to. */
  rootFor(path: string): string { return this.rootOf(norm(path)); }

  /** The files of the workspace folders (listed once until `changed` says one was added or removed). */
  workspaceFiles(): readonly string[] { return this.allFiles(); }

  /** The line index of a file (front ends use it for suppression edits). */
  linesOf(path: string): LineIndex | undefined { return this.entry(norm(path))?.lines; }
}

/**
 * Rules that run last when a front end asks for the other findings early (`analyzeSteps`' `early`): schema
 * validation is the slowest check of a file opened for the first time (its validators run cold), and its findings
 * do not depend on any other rule's.
 */
const LATE_RULES = new Set(['schema-validation']);

/** A file's findings as front ends get them: no duplicates, by position, then rule. */
function finish(findings: Finding[]): Finding[] {
  return dedupe(findings).sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
}

/** Runs a generator of steps to its end. */
function drain<T>(g: Generator<void, T, void>): T {
  for (;;) { const r = g.next(); if (r.done) return r.value; }
}

function norm(p: string): string { return p.replace(/\\/g, '/').replace(/\/+$/, '') || '/'; }

function executorOf(s: string): ExecutorKind {
  if (/^docker/.test(s)) return 'docker';
  if (s === 'kubernetes' || s === 'shell') return s;
  return 'other';
}


function fileProblem(file: string, ruleId: string, message: string): Finding {
  return { ruleId, severity: 'error', file, headline: firstSentence(message), message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

function emptyDoc(file: string, e: Entry): TomlDoc {
  return { file, fileText: e.text, toml: '', root: undefined, problems: [], lines: e.lines, eol: '\n', baseIndent: '', templated: false };
}

function dedupe(fs: Finding[]): Finding[] {
  const seen = new Set<string>();
  return fs.filter((f) => { const k = `${f.ruleId}|${f.range.start.line}:${f.range.start.character}|${f.message}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

