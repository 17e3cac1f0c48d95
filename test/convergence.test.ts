/**
 * Fixes converge. Every fix (safe and suggestion) of every finding, applied alone to a fresh copy, leaves every file
 * it touches parseable (TOML also by `@iarna/toml`), removes its finding, and brings no new finding from any rule
 * that its title does not announce (a safe fix may announce infos only; see test/fix-check.ts). Failures are listed
 * one per line in out/convergence-failures.txt.
 * Swept over:
 * - `examples/` (one project),
 * - the real-world corpus `../shared/corpus/`, copied to a temporary folder (each file its own project there, as
 *   the corpus test analyses it),
 * - every snippet, expanded with its defaults into a host file of its kind (alone and with its runner snippet),
 * - every job and runner config the build-strategy picker writes, and its edits of existing runner configs.
 * Prints one summary line: fixes tried, files, new findings, unparseable files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  STRATEGIES, generateHelmValues, generateJob, generateRunnerToml, renderRunner, renderSnippets, runnerNeeds, snippetSources, type Executor, type StrategyId,
} from '../common/strategies';
import { applyEdits } from '../server/src/engine/fixer';
import { planRunnerEdits } from '../server/src/edits/runner-needs';
import type { WorkspaceOptions } from '../server/src/engine/workspace-api';
import { analyzeAll, checkFix, type Files } from './fix-check';
import { effectiveKind } from '../server/src/engine/fix-policy';
import { expand } from './snippet-expand';

interface Project { name: string; files: Files; opts: WorkspaceOptions }

const repo = join(__dirname, '..');
const corpus = process.env.DIND_DOCTOR_CORPUS ?? join(repo, '..', 'shared', 'corpus');

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => { const p = join(dir, n); return statSync(p).isDirectory() ? walk(p) : [p]; });
}
const posixPath = (p: string) => p.replace(/\\/g, '/');

function examplesProject(): Project {
  const dir = join(repo, 'examples');
  const files: Files = new Map(walk(dir).filter((f) => /\.(ya?ml|toml)$/.test(f)).map((f) => [posixPath(f), readFileSync(f, 'utf8')]));
  return { name: 'examples', files, opts: { roots: [posixPath(dir)] } };
}

/** The corpus, copied to a temporary folder: each file a project of its own, classified as the corpus test does. */
function corpusProjects(tmp: string): Project[] {
  const copy = join(tmp, 'corpus');
  cpSync(corpus, copy, { recursive: true });
  const out: Project[] = [];
  for (const folder of ['gitlab-templates', 'gitlab-ci', 'docs-examples', 'runner-toml', 'helm-values']) {
    const dir = join(copy, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const path = posixPath(join(dir, name));
      const isToml = /\.toml|\.template$/.test(name);
      out.push({
        name: `corpus/${folder}/${name}`,
        files: new Map([[path, readFileSync(join(dir, name), 'utf8')]]),
        opts: {
          roots: [posixPath(dir)],
          ciFiles: folder === 'helm-values' || isToml ? [] : ['**/*.yml', '**/*.yaml'],
          runnerConfigFiles: isToml || folder === 'helm-values' ? ['**/*'] : [],
        },
      });
    }
  }
  return out;
}

const HOST_PIPELINE = 'stages: [build, test]\n\nvariables:\n  GIT_DEPTH: "10"\n\ntest:\n  stage: test\n  image: alpine:3.20\n  script:\n    - echo ok\n\n';
const HOST_CONFIG = 'concurrent = 4\ncheck_interval = 0\n\n';

function snippetProjects(): Project[] {
  const snippets = renderSnippets();
  const all = Object.values({ ...snippets.ci, ...snippets.runner });
  const text = (prefix: string) => expand(all.find((s) => s.prefix === prefix)!.body.join('\n')) + '\n';
  const sources = snippetSources();
  const out: Project[] = [];
  for (const src of sources) {
    const t = text(src.prefix);
    if (src.kind === 'job') {
      out.push({ name: `snippet ${src.prefix}`, files: new Map([['/s/.gitlab-ci.yml', HOST_PIPELINE + t]]), opts: { roots: ['/s'] } });
      const runner = sources.find((r) => r.kind === 'runner' && r.id === src.id && r.executor === src.executor)
        ?? sources.find((r) => r.kind === 'runner' && r.executor === src.executor && r.id === 'dind-tls');
      if (runner) out.push({ name: `snippet ${src.prefix} + ${runner.prefix}`, files: new Map([['/s/.gitlab-ci.yml', HOST_PIPELINE + t], ['/s/config.toml', HOST_CONFIG + text(runner.prefix)]]), opts: { roots: ['/s'] } });
    } else if (src.kind === 'runner') {
      out.push({ name: `snippet ${src.prefix}`, files: new Map([['/s/config.toml', HOST_CONFIG + t]]), opts: { roots: ['/s'] } });
    } else {
      out.push({ name: `snippet ${src.prefix}`, files: new Map([['/s/values.yaml', t]]), opts: { roots: ['/s'] } });
    }
  }
  return out;
}

const BASES: Record<Executor, [string, string][]> = {
  docker: [['/p/config.toml', 'concurrent = 4\n\n[[runners]]\n  name = "shared"\n  url = "https://gitlab.example.com/"\n  token = "glrt-abc"\n  executor = "docker"\n  [runners.docker]\n    image = "alpine:3.20"\n    privileged = false\n    volumes = ["/cache"]\n']],
  kubernetes: [
    ['/p/config.toml', '[[runners]]\n  name = "k8s"\n  url = "https://gitlab.example.com/"\n  token = "glrt-abc"\n  executor = "kubernetes"\n  [runners.kubernetes]\n    namespace = "ci"\n    image = "alpine:3.20"\n'],
    ['/p/values.yaml', 'gitlabUrl: https://gitlab.example.com/\nrbac:\n  create: true\nrunners:\n  secret: gitlab-runner-secret\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n        namespace = "{{.Release.Namespace}}"\n        image = "alpine:3.20"\n'],
  ],
};

function pickerProjects(): Project[] {
  const out: Project[] = [];
  const combos = STRATEGIES.flatMap((s) => s.executors.map((e) => [s.id, e] as [StrategyId, Executor]));
  for (const [id, executor] of combos) {
    const job = generateJob(id, executor);
    const name = `picker ${id}/${executor}`;
    out.push({ name: `${name} job`, files: new Map([['/p/.gitlab-ci.yml', job]]), opts: { roots: ['/p'] } });
    out.push({ name: `${name} job in a pipeline`, files: new Map([['/p/.gitlab-ci.yml', HOST_PIPELINE + job]]), opts: { roots: ['/p'] } });
    const toml = generateRunnerToml(id, executor) ?? renderRunner(executor, [], { name: 'plain' });
    out.push({ name: `${name} + config.toml`, files: new Map([['/p/.gitlab-ci.yml', job], ['/p/config.toml', toml]]), opts: { roots: ['/p'] } });
    const values = executor === 'kubernetes' ? generateHelmValues(id) : undefined;
    if (values) out.push({ name: `${name} + values.yaml`, files: new Map([['/p/.gitlab-ci.yml', job], ['/p/values.yaml', values]]), opts: { roots: ['/p'] } });
    const needs = runnerNeeds(id, executor);
    if (needs.length) {
      for (const [file, base] of BASES[executor]) {
        const plan = planRunnerEdits(file, base, executor, needs);
        if (plan.problem) continue;
        out.push({ name: `${name} + edits of ${file}`, files: new Map([['/p/.gitlab-ci.yml', job], [file, applyEdits(base, plan.edits.map((e) => e.edit))]]), opts: { roots: ['/p'] } });
      }
    }
  }
  return out;
}

interface Tally { fixes: number; suggestions: number; files: number; projects: number; newFindings: number; announced: number; unparseable: number; failures: string[]; rules: Set<string> }

function sweep(projects: Project[], tally: Tally): void {
  for (const p of projects) {
    tally.projects++;
    tally.files += p.files.size;
    const before = analyzeAll(p.files, p.opts);
    for (const f of before) {
      for (const fix of f.fixes ?? []) {
        tally.fixes++;
        tally.rules.add(f.ruleId);
        const kind = effectiveKind(f, fix);
        if (kind === 'suggestion') tally.suggestions++;
        const o = checkFix(p.files, p.opts, before, f, fix, kind);
        tally.newFindings += o.introduced.length;
        tally.announced += o.announced.length;
        tally.unparseable += o.unparseable.length;
        for (const why of o.problems) tally.failures.push(`${p.name}: ${f.ruleId} '${fix.title}' (${kind}): ${why}`);
      }
    }
  }
}

test('every fix of every finding converges over examples, corpus, snippets and picker output', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'dind-doctor-convergence-'));
  const tally: Tally = { fixes: 0, suggestions: 0, files: 0, projects: 0, newFindings: 0, announced: 0, unparseable: 0, failures: [], rules: new Set() };
  try {
    const groups: [string, Project[]][] = [
      ['examples', [examplesProject()]],
      ['corpus', existsSync(corpus) ? corpusProjects(tmp) : []],
      ['snippets', snippetProjects()],
      ['picker', pickerProjects()],
    ];
    for (const [, projects] of groups) sweep(projects, tally);
    assert.ok(groups.every(([, ps]) => ps.length > 0), `every source has projects: ${groups.map(([g, ps]) => `${g} ${ps.length}`).join(', ')}`);
  } finally { rmSync(tmp, { recursive: true, force: true }); }
  // the full list, one line per problem, for whoever mends the fixes (out/ is not committed)
  mkdirSync(join(repo, 'out'), { recursive: true });
  writeFileSync(join(repo, 'out', 'convergence-failures.txt'), tally.failures.join('\n') + '\n');
  console.log(`convergence: ${tally.fixes} fixes tried (${tally.fixes - tally.suggestions} safe, ${tally.suggestions} suggestions; ${tally.rules.size} rules) over ${tally.files} files in ${tally.projects} projects; ${tally.newFindings} new findings (and ${tally.announced} announced in the fix title); ${tally.unparseable} unparseable files`);
  assert.ok(tally.fixes > 0);
  assert.deepEqual(tally.failures, []);
});
