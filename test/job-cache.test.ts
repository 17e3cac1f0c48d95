/**
 * Issue 16: per-job rule caches. Job-scoped rules (server/src/engine/job-scopes.ts) run one job at a time and keep each
 * job's reports until the job's inputs change. Their results must equal a run of every rule on the whole pipeline:
 * on every rule case and corpus file, and over random edits (fast-check, fixed seed, bounded).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { Workspace } from '../server/src/engine/workspace';
import type { AnalyzeOptions } from '../server/src/engine/types';
import { rules } from '../server/src/rules';
import { ciRule } from '../server/src/engine/rule';
import { JOB_SCOPED_RULES, REPORTED_ONCE_PER_PLACE } from '../server/src/engine/job-scopes';
import { MemoryFs, abs, ROOT, type RuleCases } from './harness';

const corpus = process.env.DIND_DOCTOR_CORPUS ?? join(__dirname, '..', '..', 'shared', 'corpus');
const FILE = `${ROOT}/.gitlab-ci.yml`;
const RUNNER = '[[runners]]\n  name = "r"\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n    volumes = ["/cache"]\n';

function both(files: Record<string, string>, target: string, options?: AnalyzeOptions) {
  const fs = new MemoryFs(files);
  const cached = new Workspace(fs, { roots: [ROOT], analyze: options }).analyze(abs(target));
  const plain = new Workspace(fs, { roots: [ROOT], analyze: options, jobCache: false }).analyze(abs(target));
  return { cached, plain };
}

test('every job-scoped rule exists and reads CI files', () => {
  const ci = new Set(rules.filter((r) => r.checks['gitlab-ci']).map((r) => r.id));
  for (const id of JOB_SCOPED_RULES) assert.ok(ci.has(id), `${id} is not a CI rule`);
  assert.ok(JOB_SCOPED_RULES.size >= 40, `${JOB_SCOPED_RULES.size} job-scoped rules`);
  for (const id of REPORTED_ONCE_PER_PLACE) assert.ok(JOB_SCOPED_RULES.has(id), `${id} is reported once per place but not job-scoped`);
});

test('a place several jobs share is reported once, for the first job, as a run over all jobs does', () => {
  // rules that report the template's script line for each job reaching it, naming the job (so the engine's merge of
  // identical findings cannot hide a difference): one keeps a set of reported places, the other does not
  const once = [...REPORTED_ONCE_PER_PLACE][0];
  const every = [...JOB_SCOPED_RULES].find((id) => !REPORTED_ONCE_PER_PLACE.has(id))!;
  const probe = (id: string, keepSet: boolean) => ciRule({ id, severity: 'warning', summary: 'test', check(ctx) {
    const done = new Set<number>();
    for (const job of ctx.jobs) for (const line of job.scripts) {
      if (keepSet && done.has(line.node.start)) continue;
      done.add(line.node.start);
      ctx.report({ at: { file: line.node.file, start: line.node.start, end: line.node.end }, message: `reached through ${job.name}.` });
    }
  } });
  const rulesUnderTest = [probe(once, true), probe(every, false)];
  const ci = '.t:\n  script:\n    - make\n' + ['a', 'b', 'c'].map((n) => `${n}:\n  extends: .t\n`).join('');
  const fs = new MemoryFs({ '.gitlab-ci.yml': ci });
  const ws = new Workspace(fs, { roots: [ROOT] }, rulesUnderTest);
  const want = [`${once}: reached through a.`, `${every}: reached through a.`, `${every}: reached through b.`, `${every}: reached through c.`].sort();
  assert.deepEqual(ws.analyze(FILE).map((f) => `${f.ruleId}: ${f.message}`).sort(), want);
  // job b changes: b re-runs alone and reaches the place again; a's reused report took it first
  fs.files.set(FILE, ci.replace('b:\n  extends: .t\n', 'b:\n  extends: .t\n  stage: test\n'));
  ws.changed(FILE);
  const cached = ws.analyze(FILE);
  assert.deepEqual(ws.jobCacheStats(), { reused: 4, computed: 2 });
  assert.deepEqual(cached.map((f) => `${f.ruleId}: ${f.message}`).sort(), want);
  assert.deepEqual(cached, new Workspace(fs, { roots: [ROOT], jobCache: false }, rulesUnderTest).analyze(FILE));
});

test('the job cache equals a plain run of every rule on the whole pipeline: every rule case of every rule', async () => {
  let compared = 0;
  for (const rule of rules) {
    const file = join(__dirname, 'rules', `${rule.id}.cases.ts`);
    if (!existsSync(file)) continue;
    const { cases } = (await import(file)) as { cases: RuleCases };
    for (const c of [...cases.valid, ...cases.invalid]) {
      const target = c.file ?? ('.gitlab-ci.yml' in c.files ? '.gitlab-ci.yml' : Object.keys(c.files)[0]);
      const { cached, plain } = both(c.files, target, c.options);
      assert.deepEqual(cached, plain, `${rule.id}: '${c.name}'`);
      compared++;
    }
  }
  assert.ok(compared > 500, `${compared} cases compared`);
});

test('the job cache equals a plain run of every rule on the whole pipeline: every corpus CI file', () => {
  assert.ok(existsSync(join(corpus, 'gitlab-ci')), `corpus not found at ${corpus}`);
  let n = 0;
  for (const folder of ['gitlab-ci', 'gitlab-templates', 'docs-examples']) {
    const dir = join(corpus, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((x) => /\.ya?ml$/.test(x))) {
      const { cached, plain } = both({ '.gitlab-ci.yml': readFileSync(join(dir, name), 'utf8'), 'config.toml': RUNNER }, '.gitlab-ci.yml');
      assert.deepEqual(cached, plain, `${folder}/${name}`);
      n++;
    }
  }
  assert.ok(n > 40, `${n} corpus files`);
});

const job = (name: string, body: string) => `${name}:\n  extends: .dind\n${body}`;
function twentyJobs(): string {
  const head = '.dind:\n  image: docker:24\n  services: [docker:24-dind]\n  variables:\n    DOCKER_HOST: tcp://docker:2375\n';
  let text = head;
  for (let i = 0; i < 20; i++) text += job(`job${i}`, `  variables:\n    DOCKER_HOST: tcp://docker:2375\n  script:\n    - docker build -t app:${i} .\n`);
  return text;
}

test('an edit inside one job re-runs the job-scoped rules for that job alone; a template edit re-runs all', () => {
  const fs = new MemoryFs({ '.gitlab-ci.yml': twentyJobs(), 'config.toml': RUNNER });
  const ws = new Workspace(fs, { roots: [ROOT] });
  const first = ws.analyze(FILE);
  assert.ok(first.some((f) => f.ruleId === 'dind-tls-port-mismatch'), 'the jobs are really analysed');
  const scoped = rules.filter((r) => r.checks['gitlab-ci'] && JOB_SCOPED_RULES.has(r.id)).length;
  assert.deepEqual(ws.jobCacheStats(), { reused: 0, computed: 20 * scoped });

  // a line added inside job7: job7 alone re-runs; the jobs after it move down one line and keep their results
  fs.files.set(FILE, fs.files.get(FILE)!.replace('app:7 .\n', 'app:7 .\n    - echo done\n'));
  ws.changed(FILE);
  const edited = ws.analyze(FILE);
  assert.deepEqual(ws.jobCacheStats(), { reused: 19 * scoped, computed: scoped });
  assert.deepEqual(edited, new Workspace(fs, { roots: [ROOT], jobCache: false }).analyze(FILE));
  const lines = (fs: typeof first) => fs.filter((f) => f.ruleId === 'dind-tls-port-mismatch').map((f) => f.range.start.line);
  assert.equal(lines(first).length, 20, 'one finding per job');
  assert.deepEqual(lines(edited), lines(first).map((l, i) => (i > 7 ? l + 1 : l)), 'findings after the edit moved down one line');

  // the template all jobs extend: every job re-runs
  fs.files.set(FILE, fs.files.get(FILE)!.replace('DOCKER_HOST: tcp://docker:2375', 'DOCKER_HOST: tcp://docker:2376'));
  ws.changed(FILE);
  assert.deepEqual(ws.analyze(FILE), new Workspace(fs, { roots: [ROOT], jobCache: false }).analyze(FILE));
  assert.deepEqual(ws.jobCacheStats(), { reused: 0, computed: 20 * scoped });

  // another file (the runner config) changed: nothing is reused
  fs.files.set(`${ROOT}/config.toml`, RUNNER.replace('privileged = true', 'privileged = false'));
  ws.changed(`${ROOT}/config.toml`);
  assert.deepEqual(ws.analyze(FILE), new Workspace(fs, { roots: [ROOT], jobCache: false }).analyze(FILE));
  assert.deepEqual(ws.jobCacheStats(), { reused: 0, computed: 20 * scoped });
});

/** Text an edit inserts: YAML structure, anchors, aliases, extends, docker commands, variables, new jobs. */
const FRAGMENTS = ['x', ' ', '\n', ':', '- ', '# c', '\n  - docker info', '\n    - docker push app', '\n  variables:\n    DOCKER_TLS_CERTDIR: ""\n',
  '\nnewjob:\n  image: docker:20\n  script: [docker build .]\n', '\nother:\n  extends: .dind\n  script: [docker ps]\n', '&anc ', '*anc', '<<: *anc\n',
  'tcp://docker:2375', 'docker:dind', '  services: [docker:dind]\n', '  extends: .missing\n', 'privileged', '"'];
type Edit = { at: number; del: number; insert: string };
const editArb = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.nat({ max: 12 }), insert: fc.oneof({ arbitrary: fc.constantFrom(...FRAGMENTS), weight: 3 }, { arbitrary: fc.stringMatching(/^[a-z0-9_-]{1,8}$/), weight: 1 }) });
function apply(text: string, e: Edit): string {
  let at = Math.floor(e.at * text.length);
  if (e.del % 3 === 0) { const nl = text.lastIndexOf('\n', at - 1); at = nl + 1; }
  const del = e.del % 3 === 1 ? 0 : e.del;
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + del));
}

function benchFile(jobs: number): string {
  return execFileSync(process.execPath, [join(__dirname, '..', 'bench', 'gen-gitlab-ci.mjs'), '--jobs', String(jobs), '--seed', '1', '--errors', '4'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

function randomEdits(start: string, seed: number, numRuns: number, maxEdits: number): { reused: number } {
  let reused = 0;
  fc.assert(fc.property(fc.array(editArb, { minLength: 1, maxLength: maxEdits }), (edits) => {
    const fs = new MemoryFs({ '.gitlab-ci.yml': start, 'config.toml': RUNNER });
    const ws = new Workspace(fs, { roots: [ROOT] });
    ws.analyze(FILE);
    let cur = start;
    for (const e of edits) {
      cur = apply(cur, e);
      fs.files.set(FILE, cur);
      ws.changed(FILE);
      const got = ws.analyze(FILE);
      reused += ws.jobCacheStats()?.reused ?? 0;
      assert.deepStrictEqual(got, new Workspace(fs, { roots: [ROOT], jobCache: false }).analyze(FILE));
    }
  }), { seed, numRuns });
  return { reused };
}

test('cached equals uncached over random edits of a 20-job pipeline (templates, extends, dind)', () => {
  const r = randomEdits(twentyJobs(), 16, 40, 6);
  assert.ok(r.reused > 0, 'reports were reused');
});

test('cached equals uncached over random edits of a benchmark file (anchors, merges, !reference)', () => {
  const r = randomEdits(benchFile(8), 17, 12, 4);
  assert.ok(r.reused > 0, 'reports were reused');
});
