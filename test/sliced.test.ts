/**
 * Issue 16: the analysis runs in steps (Workspace.analyzeSteps) so that the language server answers requests between
 * them. A sliced analysis must give what `analyze()` gives, also when requests read the engine between its steps;
 * and a long piece of work (the pipeline build, the job cache's plan, schema validation, rules that loop over every
 * job) must be cut into steps whose number grows with the number of jobs. No timing is asserted here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Workspace } from '../server/src/engine/workspace';
import { JobRuleCache, PLAN_STEP_JOBS } from '../server/src/engine/job-cache';
import { RULE_STEP_JOBS } from '../server/src/engine/rule';
import { buildPipeline, buildPipelineSteps, PIPELINE_STEP_JOBS } from '../server/src/model/pipeline';
import { parseYaml } from '../server/src/formats/yaml';
import { SCHEMA_STEP_ENTRIES, validateCi, validateCiSteps } from '../server/src/schema';
import { rules } from '../server/src/rules';
import { MemoryFs, ROOT } from './harness';

const FILE = `${ROOT}/.gitlab-ci.yml`;
const RUNNERS = `${ROOT}/config.toml`;

const generatedCi = new Map<number, string>();
function generated(jobs: number): string {
  let t = generatedCi.get(jobs);
  if (t === undefined) {
    t = execFileSync(process.execPath, [join(__dirname, '..', 'bench', 'gen-gitlab-ci.mjs'), '--jobs', String(jobs), '--seed', '1', '--errors', '4'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    generatedCi.set(jobs, t);
  }
  return t;
}
const runnerToml = execFileSync(process.execPath, [join(__dirname, '..', 'bench', 'gen-runner-config.mjs'), '--runners', '20', '--seed', '1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

function count<T>(g: Generator<void, T, void>): { steps: number; value: T } {
  let steps = 0;
  for (;;) { const r = g.next(); if (r.done) return { steps, value: r.value }; steps++; }
}

/** Runs the steps of an analysis, calling `between` after each (what a request handler would read). */
function sliced(ws: Workspace, path: string, between: (step: number) => void) {
  const g = ws.analyzeSteps(path);
  for (let step = 0; ; step++) { const r = g.next(); if (r.done) return r.value; between(step); }
}

test('a sliced analysis, with engine reads between its steps, equals analyze() — on open and after edits', () => {
  const fs = new MemoryFs({ '.gitlab-ci.yml': generated(450), 'config.toml': runnerToml });
  const ws = new Workspace(fs, { roots: [ROOT] });
  const reads = (step: number) => {
    // what hover, completion and code actions read between two slices (never a build)
    ws.pipelinesOf(FILE, { build: false });
    ws.kindOf(FILE);
    ws.linesOf(FILE);
    if (step % 7 === 0) ws.parsedYaml(FILE);
  };
  const edits: ((t: string) => string)[] = [
    (t) => `${t}# a comment at the end\n`,
    (t) => t.replace(/\n {2}image: [^\n]+/, '\n  image: docker:24.0.5'), // a job's image, near the top
    (t) => t.replace(/\nvariables:\n/, '\nvariables:\n  EXTRA: "1"\n'), // pipeline-wide: every job re-runs
    (t) => `${t}late-job:\n  image: docker:27\n  services: [docker:27-dind]\n  script: [docker build -t x .]\n`,
  ];
  let text = fs.readFile(FILE)!;
  for (let i = 0; i <= edits.length; i++) {
    if (i > 0) { const before = text; text = edits[i - 1](text); assert.notEqual(text, before, `edit ${i} applies`); fs.files.set(FILE, text); ws.changed(FILE); }
    const got = sliced(ws, FILE, reads);
    const fresh = new Workspace(new MemoryFs({ '.gitlab-ci.yml': text, 'config.toml': runnerToml }), { roots: [ROOT] }).analyze(FILE);
    assert.deepStrictEqual(got, fresh, `analysis ${i} (0: open)`);
    assert.ok(got.length > 0, 'the generated file has findings');
  }
});

test('a sliced analysis equals analyze() for the runner config and without the job cache', () => {
  const files = { '.gitlab-ci.yml': generated(120), 'config.toml': runnerToml };
  for (const jobCache of [true, false]) {
    const ws = new Workspace(new MemoryFs(files), { roots: [ROOT], jobCache });
    for (const f of [FILE, RUNNERS]) assert.deepStrictEqual(sliced(ws, f, () => ws.pipelinesOf(FILE, { build: false })), new Workspace(new MemoryFs(files), { roots: [ROOT], jobCache }).analyze(f), `${f}, job cache ${jobCache}`);
  }
});

test('the pipeline is built in steps of at most PIPELINE_STEP_JOBS jobs, and its steps give the same pipeline', () => {
  for (const jobs of [150, 600]) {
    const text = generated(jobs);
    const load = (p: string) => (p === FILE ? parseYaml(p, text) : undefined);
    const { steps, value } = count(buildPipelineSteps(FILE, { root: ROOT, load }));
    const whole = buildPipeline(FILE, { root: ROOT, load });
    assert.ok(value.jobs.length >= jobs, `${value.jobs.length} jobs`);
    assert.ok(steps >= Math.ceil(value.jobs.length / PIPELINE_STEP_JOBS) - 1, `${steps} steps for ${value.jobs.length} jobs`);
    assert.deepStrictEqual(value.jobs.map((j) => [j.name, j.image?.ref.raw, j.services.map((s) => s.name), [...j.variables.keys()], j.scripts.map((s) => s.text)]),
      whole.jobs.map((j) => [j.name, j.image?.ref.raw, j.services.map((s) => s.name), [...j.variables.keys()], j.scripts.map((s) => s.text)]));
    assert.deepStrictEqual(value.problems, whole.problems);
  }
});

test('schema validation of a big root runs in steps of SCHEMA_STEP_ENTRIES entries and finds the same problems', () => {
  for (const jobs of [150, 600]) {
    const root = parseYaml(FILE, generated(jobs)).root;
    assert.ok(root?.kind === 'map');
    const { steps, value } = count(validateCiSteps(root));
    assert.deepStrictEqual(value, validateCi(root));
    assert.ok(value.length > 0, 'the generated file has schema problems');
    assert.ok(steps >= Math.floor(root.entries.size / SCHEMA_STEP_ENTRIES), `${steps} steps for ${root.entries.size} entries`);
  }
});

test('the job cache plans in steps of PLAN_STEP_JOBS jobs', () => {
  for (const jobs of [150, 900]) {
    const text = generated(jobs);
    const pipeline = buildPipeline(FILE, { root: ROOT, load: (p) => (p === FILE ? parseYaml(p, text) : undefined) });
    const { steps, value } = count(new JobRuleCache().planSteps(pipeline));
    assert.ok(value, 'the generated file can be cached');
    assert.ok(steps >= Math.ceil(pipeline.jobs.length / PLAN_STEP_JOBS) - 1, `${steps} steps for ${pipeline.jobs.length} jobs`);
  }
});

test('the analysis has more steps for more jobs, and rules written as steps yield every RULE_STEP_JOBS jobs', () => {
  const stepsFor = (jobs: number, only?: string) => {
    const ws = new Workspace(new MemoryFs({ '.gitlab-ci.yml': generated(jobs), 'config.toml': runnerToml }), { roots: [ROOT], jobCache: false }, only ? rules.filter((r) => r.id === only) : rules);
    return count(ws.analyzeSteps(FILE)).steps;
  };
  const small = stepsFor(150), big = stepsFor(600);
  assert.ok(big - small >= (600 - 150) / PIPELINE_STEP_JOBS, `${small} steps for 150 jobs, ${big} for 600`);
  // a rule that loops over all jobs as a generator: its own steps grow with the jobs (the rest of the analysis is fixed)
  for (const id of ['push-mutable-tag-only', 'dind-requires-privileged', 'socket-binding-fixed-container-name', 'redundant-docker-env-vars', 'dind-host-without-service', 'self-referencing-job-variable']) {
    const a = stepsFor(150, id), b = stepsFor(600, id);
    const pipelineSteps = Math.ceil(600 / PIPELINE_STEP_JOBS) - Math.ceil(150 / PIPELINE_STEP_JOBS);
    assert.ok(b - a >= pipelineSteps + Math.floor((600 - 150) / RULE_STEP_JOBS) - 1, `${id}: ${a} steps for 150 jobs, ${b} for 600`);
  }
});


test('a runner config is analysed in steps too: its parse, the pipelines of the CI files it serves, each rule; the result equals analyze()', () => {
  const files = { '.gitlab-ci.yml': generated(450), 'config.toml': runnerToml };
  const ws = new Workspace(new MemoryFs(files), { roots: [ROOT] });
  const { steps, value } = count(ws.analyzeSteps(RUNNERS));
  const runnerRules = rules.filter((r) => r.checks['runner-config']).length;
  assert.ok(steps > runnerRules, `${steps} steps for ${runnerRules} runner-config rules`);
  assert.ok(value.length > 0, 'the generated config has findings');
  assert.deepEqual(value, new Workspace(new MemoryFs(files), { roots: [ROOT] }).analyze(RUNNERS));
  // with engine reads between the steps, as a request handler would do
  const again = new Workspace(new MemoryFs(files), { roots: [ROOT] });
  assert.deepEqual(sliced(again, RUNNERS, () => { again.kindOf(FILE); again.pipelinesOf(FILE, { build: false }); }), value);
});
