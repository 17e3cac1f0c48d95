/**
 * Every text the build-strategy picker generates (jobs per strategy × executor, runner settings as config.toml and
 * as Helm values) is analysed clean by the engine: alone and together with the runner config it asks for. Also
 * checks the runner-config edits the picker offers for existing configs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYamlText } from 'yaml';
import { Workspace } from '../server/src/engine/workspace';
import type { FileSystem, Finding } from '../server/src/engine/types';
import { parseToml } from '../server/src/formats/toml';
import {
  STRATEGIES, generateJob, generateRunnerToml, generateHelmValues, renderRunner, runnerNeeds, registryLogin, repositoryOf,
  type Executor, type StrategyId,
} from '../common/strategies';
import { applyEdits } from '../server/src/engine/fixer';
import { executorOf, planRunnerEdits } from '../server/src/edits/runner-needs';
import { secondParserProblem } from './fix-check';

function memFs(files: Record<string, string>): FileSystem {
  return {
    readFile: (p) => files[p],
    listFiles: (dir) => Object.keys(files).filter((p) => p.startsWith(dir.endsWith('/') ? dir : dir + '/')),
  };
}

/** Findings of severity error/warning in every given file. */
function problems(files: Record<string, string>): Finding[] {
  const ws = new Workspace(memFs(files), { roots: ['/w'], analyze: { schemaValidation: true } });
  return Object.keys(files).flatMap((f) => ws.analyze(f)).filter((x) => x.severity === 'error' || x.severity === 'warning');
}

function show(fs: Finding[], files: Record<string, string>): string {
  return fs.map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId}: ${f.message}`).join('\n')
    + '\n---\n' + Object.entries(files).map(([p, t]) => `# ${p}\n${t}`).join('\n');
}

function assertClean(files: Record<string, string>, what: string) {
  const found = problems(files);
  assert.equal(found.length, 0, `${what}:\n${show(found, files)}`);
}

const combos: [StrategyId, Executor][] = STRATEGIES.flatMap((s) => s.executors.map((e) => [s.id, e] as [StrategyId, Executor]));

test('combos cover every strategy', () => {
  assert.equal(new Set(combos.map((c) => c[0])).size, 7);
  assert.ok(combos.length >= 12);
});

for (const [id, executor] of combos) {
  test(`${id} on ${executor}: job is valid YAML and analyses clean alone`, () => {
    const job = generateJob(id, executor);
    const parsed = parseYamlText(job) as Record<string, unknown>;
    assert.ok(parsed['build-image'], 'job key');
    assertClean({ '/w/.gitlab-ci.yml': job }, `${id}/${executor} job alone`);
  });

  test(`${id} on ${executor}: job + runner config.toml analyse clean`, () => {
    const toml = generateRunnerToml(id, executor) ?? renderRunner(executor, [], { name: 'plain' });
    const doc = parseToml('/w/config.toml', toml);
    assert.deepEqual(doc.problems, [], toml);
    assert.equal(secondParserProblem('/w/config.toml', toml), undefined, toml);
    assertClean({ '/w/.gitlab-ci.yml': generateJob(id, executor), '/w/config.toml': toml }, `${id}/${executor} job + config.toml`);
  });

  if (executor === 'kubernetes') {
    test(`${id} on kubernetes: job + Helm values analyse clean`, () => {
      const values = generateHelmValues(id) ?? 'gitlabUrl: https://gitlab.example.com/\nrunners:\n  config: |\n' + renderRunner('kubernetes', [], { form: 'helm' }).trimEnd().split('\n').map((l) => '    ' + l).join('\n') + '\n';
      parseYamlText(values);
      assert.equal(secondParserProblem('/w/values.yaml', values), undefined, values);
      assertClean({ '/w/.gitlab-ci.yml': generateJob(id, executor), '/w/values.yaml': values }, `${id} job + values.yaml`);
    });
  }

  test(`${id} on ${executor}: 4-space indentation and custom options stay clean`, () => {
    const job = generateJob(id, executor, { indent: 4, jobName: 'package-image', stage: 'package', destination: 'registry.example.com/team/app:$CI_COMMIT_SHORT_SHA' });
    assert.match(job, /^package-image:\n {4}stage: package\n/);
    const parsed = parseYamlText(job) as Record<string, { stage: string }>;
    assert.equal(parsed['package-image'].stage, 'package');
    assertClean({ '/w/.gitlab-ci.yml': 'stages: [package]\n\n' + job }, `${id}/${executor} 4-space job`);
  });
}

test('registry login and repository derivation', () => {
  assert.equal(registryLogin('$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA').gitlab, true);
  assert.equal(registryLogin('${CI_REGISTRY_IMAGE}/sub:1').gitlab, true);
  assert.equal(registryLogin('registry.example.com/team/app:1').host, '"registry.example.com"');
  assert.equal(registryLogin('team/app:1').host, '"docker.io"');
  assert.equal(repositoryOf('$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA'), '$CI_REGISTRY_IMAGE');
  assert.equal(repositoryOf('host:5000/a/b:tag'), 'host:5000/a/b');
  assert.equal(repositoryOf('host:5000/a/b'), 'host:5000/a/b');
});

// ---- edits of existing runner configs ----

const BASE_DOCKER = `concurrent = 4

[[runners]]
  name = "shared"
  url = "https://gitlab.example.com/"
  token = "glrt-abc"
  executor = "docker"
  [runners.docker]
    image = "alpine:3.20"
    privileged = false
    volumes = ["/cache"]
  [runners.cache]
    Type = "s3"
`;
const BASE_K8S = `[[runners]]
  name = "k8s"
  url = "https://gitlab.example.com/"
  token = "glrt-abc"
  executor = "kubernetes"
  [runners.kubernetes]
    namespace = "ci"
    image = "alpine:3.20"
  [runners.cache]
    Type = "s3"
`;
const BASE_HELM = `gitlabUrl: https://gitlab.example.com/
rbac:
  create: true
runners:
  secret: gitlab-runner-secret
  config: |
    [[runners]]
      [runners.kubernetes]
        namespace = "{{.Release.Namespace}}"
        image = "alpine:3.20"
`;

for (const [id, executor] of combos) {
  const needs = runnerNeeds(id, executor);
  if (needs.length === 0) continue;
  const bases: [string, string][] = executor === 'docker' ? [['/w/config.toml', BASE_DOCKER]] : [['/w/config.toml', BASE_K8S], ['/w/values.yaml', BASE_HELM]];
  for (const [file, base] of bases) {
    test(`${id} on ${executor}: applying the runner edits to ${file} makes job + config clean, and is idempotent`, () => {
      assert.equal(executorOf(file, base), executor);
      const plan = planRunnerEdits(file, base, executor, needs);
      assert.equal(plan.problem, undefined);
      assert.ok(plan.edits.length > 0);
      const after = applyEdits(base, plan.edits.map((e) => e.edit));
      assert.equal(secondParserProblem(file, after), undefined, after);
      const files = { '/w/.gitlab-ci.yml': generateJob(id, executor), [file]: after };
      assertClean(files, `${id}/${executor} after edits of ${file}`);
      const again = planRunnerEdits(file, after, executor, needs);
      assert.deepEqual(again.edits, [], `second plan on\n${after}`);
    });
  }
}

test('runner edits: a config without a runner of that executor is reported', () => {
  const plan = planRunnerEdits('/w/config.toml', BASE_DOCKER, 'kubernetes', runnerNeeds('dind-tls', 'kubernetes'));
  assert.match(plan.problem ?? '', /no \[\[runners\]\] entry with executor "kubernetes"/);
});

test('runner edits: an anonymous socket volume is turned into a bind', () => {
  const base = BASE_DOCKER.replace('volumes = ["/cache"]', 'volumes = ["/var/run/docker.sock", "/cache"]');
  const plan = planRunnerEdits('/w/config.toml', base, 'docker', runnerNeeds('socket-binding', 'docker'));
  const after = applyEdits(base, plan.edits.map((e) => e.edit));
  assert.match(after, /volumes = \["\/var\/run\/docker\.sock:\/var\/run\/docker\.sock", "\/cache"\]/);
});

test('runner edits: a runner without its executor table gets one', () => {
  const base = '[[runners]]\n  name = "x"\n  url = "https://gitlab.example.com/"\n  token = "glrt-abc"\n  executor = "docker"\n';
  const plan = planRunnerEdits('/w/config.toml', base, 'docker', runnerNeeds('dind-tls', 'docker'));
  const after = applyEdits(base, plan.edits.map((e) => e.edit));
  assert.deepEqual(parseToml('/w/config.toml', after).problems, []);
  assert.equal(secondParserProblem('/w/config.toml', after), undefined, after);
  assert.deepEqual(planRunnerEdits('/w/config.toml', after, 'docker', runnerNeeds('dind-tls', 'docker')).edits, [], after);
});

test('harness sanity: a broken job is reported (so "clean" above means something)', () => {
  const found = problems({ '/w/.gitlab-ci.yml': 'job:\n  image: docker:latest\n  services: [docker:dind]\n  script: [docker info]\n' });
  assert.ok(found.length > 0);
});

test('socket-binding job written before its runner settings (or with them skipped): no error or warning, an info names what the runner needs', () => {
  const files = { '/w/.gitlab-ci.yml': generateJob('socket-binding', 'docker'), '/w/config.toml': BASE_DOCKER };
  assertClean(files, 'socket-binding job + a Docker runner without the socket bind');
  const ws = new Workspace(memFs(files), { roots: ['/w'] });
  const infos = ws.analyze('/w/.gitlab-ci.yml').filter((f) => f.ruleId === 'docker-cli-without-daemon');
  assert.deepEqual(infos.map((f) => [f.severity, f.range.start.line + 1]), [['info', 10]]);
  assert.match(infos[0].message, /binds the host's Docker socket/);
});
