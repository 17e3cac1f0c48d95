/**
 * The GitLab CI/CD component (templates/dind-doctor.yml): its spec, its validity against GitLab's CI schema, that
 * dind-doctor finds nothing in it, and its script lines run locally against copies of examples/ with the built CLI
 * (dist/cli.js) standing in for the npm package (`npm` is a stub that records what it was asked to install; the
 * packed package itself is installed and run by test/ship/, `npm run test:package`).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { version } from '../package.json';
import { COMPONENT, componentJob, interpolate, loadComponent, resolveInputs, runJob } from './component-runner';
import { codeQualityValidator, sarifValidator } from './report-schemas';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const tmp = mkdtempSync(join(tmpdir(), 'dd-component-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A bin folder with an `npm` that logs its arguments and a `dind-doctor` that runs the built CLI. */
function shims(): { bin: string; npmLog: string } {
  const bin = mkdtempSync(join(tmp, 'bin-'));
  const npmLog = join(bin, 'npm.log');
  writeFileSync(join(bin, 'npm'), `#!/bin/sh\necho "$@" >> '${npmLog}'\n`);
  writeFileSync(join(bin, 'dind-doctor'), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  chmodSync(join(bin, 'npm'), 0o755);
  chmodSync(join(bin, 'dind-doctor'), 0o755);
  return { bin, npmLog };
}

/** A project folder holding a copy of examples/ (or the given files). */
function project(files?: Record<string, string>): string {
  const dir = mkdtempSync(join(tmp, 'project-'));
  if (files) for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  else cpSync(join(ROOT, 'examples'), dir, { recursive: true });
  return dir;
}

interface Issue { location: { path: string }; engine_version: string }
interface Sarif { runs: { tool: { driver: { version: string } }; results: unknown[] }[] }
const readJson = <T = Issue[]>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

test('component spec: the inputs, their defaults and options', () => {
  const { inputs } = loadComponent();
  assert.deepEqual(Object.keys(inputs).sort(), ['fail-on', 'format', 'image', 'paths', 'sarif', 'stage', 'version']);
  assert.equal(inputs.stage.default, 'test');
  assert.equal(inputs.paths.default, '.');
  assert.deepEqual(inputs['fail-on'].options, ['error', 'warning', 'never']);
  assert.equal(inputs['fail-on'].default, 'error');
  assert.deepEqual(inputs.format.options, ['text', 'json']);
  assert.deepEqual([inputs.sarif.type, inputs.sarif.default], ['boolean', false]);
  assert.match(String(inputs.image.default), /^node:\d+/);
  assert.equal(inputs.version.default, version, 'the component installs the version in package.json');
  for (const [name, s] of Object.entries(inputs)) assert.ok(s.description && s.description.length > 10, `input ${name} has a description`);
});

test('component inputs are checked like GitLab checks them', () => {
  const { inputs } = loadComponent();
  assert.throws(() => resolveInputs(inputs, { 'fail-on': 'info' }), /must be one of error, warning, never/);
  assert.throws(() => resolveInputs(inputs, { sarif: 'yes' }), /must be a boolean/);
  assert.throws(() => resolveInputs(inputs, { colour: 'x' }), /unknown input 'colour'/);
  assert.throws(() => interpolate('$[[ inputs.nope ]]', {}), /unknown interpolation inputs\.nope/);
  assert.equal(interpolate('$[[ inputs.sarif ]]', { sarif: true }), true);
  assert.equal(interpolate('x $[[ inputs.sarif ]] y', { sarif: true }), 'x true y');
  const job = componentJob({ stage: 'lint', image: 'node:22-alpine' });
  assert.equal(job.stage, 'lint');
  assert.equal(job.image, 'node:22-alpine');
  assert.equal(job.variables.DIND_DOCTOR_VERSION, version);
});

test('component YAML is valid against GitLab\'s CI schema (header and body)', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'gitlab-ci.json'), 'utf8')));
  const { docs } = loadComponent();
  for (const doc of docs) assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
  // The schema is effective here: a misspelt keyword in the job is rejected.
  const [, body] = docs as [unknown, Record<string, Record<string, unknown>>];
  assert.ok(!validate({ ...body, 'dind-doctor': { ...body['dind-doctor'], artefacts: {} } }));
});

test('component YAML is clean under dind-doctor', () => {
  const r = spawnSync(process.execPath, [CLI, '--format', 'json', '--max-warnings', '0', COMPONENT], { encoding: 'utf8' });
  assert.equal(r.stderr, '');
  assert.deepEqual(JSON.parse(r.stdout), []);
  assert.equal(r.status, 0);
});

test('component job, default inputs, on examples/: installs the package version, writes a valid Code Quality report, fails on errors', () => {
  const { bin, npmLog } = shims();
  const dir = project();
  const job = componentJob({});
  const r = runJob(job, dir, bin);
  assert.equal(r.status, 1, r.stderr);
  assert.match(readFileSync(npmLog, 'utf8'), new RegExp(`^install --global .*"?dind-doctor@${version.replace(/\./g, '\\.')}"?\\n$`));
  assert.match(r.stdout, new RegExp(`^${version.replace(/\./g, '\\.')}$`, 'm'), '`dind-doctor --version` in the log');
  assert.match(r.stdout, /error .*\[dind-tls-port-mismatch\]/, 'text findings in the log');
  const report = readJson(join(dir, job.artifacts.reports.codequality));
  const validate = codeQualityValidator();
  assert.ok(validate(report) as boolean, JSON.stringify(validate.errors));
  assert.ok(report.length > 5);
  assert.ok(report.some((i) => i.location.path === 'docker-executor/.gitlab-ci.yml'));
  assert.ok(report.every((i) => i.engine_version === version));
  assert.ok(!existsSync(join(dir, 'dind-doctor.sarif')), 'no SARIF unless asked for');
  assert.ok(job.artifacts.paths.includes(job.artifacts.reports.codequality));
});

test('component job: fail-on never, SARIF on, JSON log: passes, writes both reports', () => {
  const { bin } = shims();
  const dir = project();
  const job = componentJob({ 'fail-on': 'never', sarif: true, format: 'json' });
  const r = runJob(job, dir, bin);
  assert.equal(r.status, 0, r.stderr);
  const logged = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')));
  assert.ok(logged.some((f: { severity: string }) => f.severity === 'error'));
  const sarif = readJson<Sarif>(join(dir, 'dind-doctor.sarif'));
  const validate = sarifValidator();
  assert.ok(validate(sarif) as boolean, JSON.stringify(validate.errors));
  assert.equal(sarif.runs[0].tool.driver.version, version);
  assert.equal(sarif.runs[0].results.length, logged.length);
  assert.ok(job.artifacts.paths.includes('dind-doctor.sarif'));
  assert.equal(readJson(join(dir, 'gl-code-quality-report.json')).length, logged.length);
});

test('component job: fail-on warning fails on a warning, fail-on error does not', () => {
  const ci = 'build:\n  image: docker:29-cli\n  services:\n    - docker:29-dind\n  variables:\n    DOCKER_HOST: tcp://docker:2376\n    DOCKER_TLS_CERTDIR: /certs\n  script:\n    - docker build -t app .\n';
  const dir = project({ '.gitlab-ci.yml': ci });
  const pre = JSON.parse(spawnSync(process.execPath, [CLI, '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' }).stdout);
  assert.ok(pre.some((f: { severity: string }) => f.severity === 'warning') && !pre.some((f: { severity: string }) => f.severity === 'error'), 'precondition: warnings, no errors');
  const { bin } = shims();
  assert.equal(runJob(componentJob({ 'fail-on': 'warning' }), dir, bin).status, 1);
  assert.equal(runJob(componentJob({ 'fail-on': 'error' }), dir, bin).status, 0);
  assert.equal(readJson(join(dir, 'gl-code-quality-report.json')).length, pre.length);
});

test('component job: several paths, split on spaces and never glob-expanded', () => {
  const { bin } = shims();
  const dir = project();
  mkdirSync(join(dir, '*'));
  writeFileSync(join(dir, '*', '.gitlab-ci.yml'), 'test:\n  script:\n    - echo ok\n');
  const r = runJob(componentJob({ paths: 'kaniko kubernetes-helm', 'fail-on': 'never' }), dir, bin);
  assert.equal(r.status, 0, r.stderr);
  const paths = new Set(readJson(join(dir, 'gl-code-quality-report.json')).map((i) => i.location.path.split('/')[0]));
  assert.deepEqual([...paths].sort(), ['kaniko', 'kubernetes-helm']);
  // A literal `*` is passed as it is (a folder with a clean CI file here), not expanded to every folder.
  const star = runJob(componentJob({ paths: '*', 'fail-on': 'never' }), dir, bin);
  assert.equal(star.status, 0, star.stderr);
  assert.deepEqual(readJson(join(dir, 'gl-code-quality-report.json')), []);
});

test('component job: a path that does not exist fails the job (exit 2), even with fail-on never', () => {
  const { bin } = shims();
  const dir = project();
  const r = runJob(componentJob({ paths: 'no-such-folder', 'fail-on': 'never' }), dir, bin);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no-such-folder/);
});
