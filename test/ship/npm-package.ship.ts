/**
 * The CLI as a user installs it: `npm pack`, then `npm install --global ./dind-doctor-<v>.tgz` into a temporary
 * prefix with `--offline` and an empty cache (so a dependency fetched from the registry would fail the install), then
 * the installed `dind-doctor` run in a network namespace with no network (`unshare -n`, root): `--version`,
 * `examples/`, every `--format`. Then the GitLab CI/CD component's script with its `npm install` line installing this
 * very tarball. Run with `npm run test:package` (a separate CI step: it packs and installs, ~1 min).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { version } from '../../package.json';
import { FORMATS } from '../../server/src/reporters';
import { componentJob, runJob } from '../component-runner';
import { codeQualityValidator, sarifValidator } from '../report-schemas';

const ROOT = join(__dirname, '..', '..');
const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'dd-ship-')));
after(() => rmSync(tmp, { recursive: true, force: true }));

let tarball = '';
let packedFiles: string[] = [];
const prefix = join(tmp, 'prefix');
const bin = join(prefix, 'bin', 'dind-doctor');
const work = join(tmp, 'work');

function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 300_000 });
}

/** `npm install --global <tarball>` into `into`, offline, with an empty cache: no registry can be reached. */
function installOffline(into: string): SpawnSyncReturns<string> {
  return npm(['install', '--global', '--offline', '--no-audit', '--no-fund', '--prefix', into, '--cache', join(tmp, `cache-${Date.now()}`), tarball], tmp);
}

/** The installed CLI, in `work`, without network. */
function dd(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync('unshare', ['--net', bin, ...args], { cwd: work, encoding: 'utf8', timeout: 120_000 });
}

before(() => {
  const r = npm(['pack', '--json', '--pack-destination', tmp], ROOT);
  assert.equal(r.status, 0, `npm pack failed:\n${r.stderr}`);
  const [info] = JSON.parse(r.stdout) as { filename: string; size: number; unpackedSize: number; entryCount: number; files: { path: string }[] }[];
  tarball = join(tmp, info.filename);
  packedFiles = info.files.map((f) => f.path).sort();
  console.log(`# packed ${info.filename}: ${info.entryCount} files, ${(info.size / 1024).toFixed(0)} KiB (${(info.unpackedSize / 1024).toFixed(0)} KiB unpacked)`);
  mkdirSync(work);
  cpSync(join(ROOT, 'examples'), join(work, 'examples'), { recursive: true });
});

test('npm pack names the tarball dind-doctor-<version>.tgz and packs the built CLI', () => {
  assert.equal(tarball, join(tmp, `dind-doctor-${version}.tgz`));
  assert.ok(packedFiles.includes('dist/cli.js'));
  assert.ok(!packedFiles.some((f) => /^(test|server|client|bench|scripts)\//.test(f) || f.endsWith('.ts')), packedFiles.join(', '));
});

test('installs globally into a temporary prefix, offline, with no dependencies', () => {
  const r = installOffline(prefix);
  assert.equal(r.status, 0, `install failed:\n${r.stdout}\n${r.stderr}`);
  const installed = join(prefix, 'lib', 'node_modules', 'dind-doctor');
  assert.ok(existsSync(bin), 'bin/dind-doctor is linked');
  assert.ok(!existsSync(join(installed, 'node_modules')), 'no dependency was installed');
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [relative(installed, join(d, e.name))]));
  assert.deepEqual(walk(installed).sort(), packedFiles);
});

test('the network namespace really has no network', () => {
  const r = spawnSync('unshare', ['--net', process.execPath, '-e', "require('node:dns').lookup('registry.npmjs.org', (e) => process.exit(e ? 0 : 1))"], { encoding: 'utf8' });
  assert.equal(r.error, undefined, 'unshare (util-linux) is needed to run the CLI without network');
  assert.equal(r.status, 0, `a lookup succeeded inside unshare --net: ${r.stderr}`);
});

test('dind-doctor --version and --help', () => {
  const v = dd('--version');
  assert.equal(v.status, 0, v.stderr);
  assert.equal(v.stdout, `${version}\n`);
  const h = dd('--help');
  assert.equal(h.status, 0, h.stderr);
  assert.match(h.stdout, /^Usage: dind-doctor/);
});

test('dind-doctor examples/: findings in text, exit 1; the fixed example is clean', () => {
  const r = dd('examples');
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /examples\/docker-executor\/\.gitlab-ci\.yml:\d+:\d+ {2}error {2}.*\[dind-tls-port-mismatch\]/);
  assert.match(r.stdout, /✖ \d+ problems \(\d+ errors?, /);
  const fixed = dd('examples/fixed-docker-executor', '--max-warnings', '0');
  assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr);
});

test('every --format, to stdout and to --output', () => {
  assert.deepEqual([...FORMATS].sort(), ['codequality', 'json', 'sarif', 'text']);
  const sarif = sarifValidator();
  const codeQuality = codeQualityValidator();
  for (const format of FORMATS) {
    const r = dd('--format', format, 'examples');
    assert.equal(r.status, 1, `${format}: ${r.stderr}`);
    const out = join(work, `report.${format}`);
    const w = dd('--format', format, '--output', out, 'examples');
    assert.equal(w.status, 1, `${format} --output: ${w.stderr}`);
    assert.equal(readFileSync(out, 'utf8'), r.stdout, `${format}: --output writes what stdout shows`);
    if (format === 'text') { assert.match(r.stdout, /\[dind-requires-privileged\]/); continue; }
    const report = JSON.parse(r.stdout);
    if (format === 'json') assert.ok(report.some((f: { ruleId: string }) => f.ruleId === 'dind-tls-port-mismatch'));
    if (format === 'sarif') {
      assert.ok(sarif(report) as boolean, JSON.stringify(sarif.errors));
      assert.equal(report.runs[0].tool.driver.version, version);
      assert.ok(report.runs[0].results.length > 5);
    }
    if (format === 'codequality') {
      assert.ok(codeQuality(report) as boolean, JSON.stringify(codeQuality.errors));
      assert.ok(report.length > 5);
      assert.ok(report.every((i: { engine_version: string }) => i.engine_version === version));
    }
  }
});

test('the CI/CD component job, its `npm install` line installing this tarball: Code Quality report, SARIF, exit code', () => {
  const shimDir = join(tmp, 'shim');
  const jobPrefix = join(tmp, 'job-prefix');
  mkdirSync(shimDir);
  const realNpm = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  assert.ok(realNpm);
  // `npm install --global … dind-doctor@<version>` → the same install of the packed tarball (offline).
  writeFileSync(join(shimDir, 'npm'), `#!/bin/sh
case "$*" in
  "install --global "*"dind-doctor@${version}") exec '${realNpm}' install --global --offline --no-audit --no-fund --loglevel=error --prefix '${jobPrefix}' --cache '${join(tmp, 'job-cache')}' '${tarball}' ;;
  *) echo "unexpected npm call: $*" >&2; exit 9 ;;
esac
`);
  chmodSync(join(shimDir, 'npm'), 0o755);
  const project = join(tmp, 'project');
  cpSync(join(ROOT, 'examples'), project, { recursive: true });
  const job = componentJob({ sarif: true });
  const r = runJob(job, project, `${shimDir}:${join(jobPrefix, 'bin')}`);
  assert.equal(r.status, 1, `the job fails on the examples' errors:\n${r.stdout}\n${r.stderr}`);
  assert.ok(existsSync(join(jobPrefix, 'bin', 'dind-doctor')), 'the job installed the package');
  assert.match(r.stdout, new RegExp(`^${version.replace(/\./g, '\\.')}$`, 'm'));
  const cq = JSON.parse(readFileSync(join(project, job.artifacts.reports.codequality), 'utf8'));
  assert.ok(codeQualityValidator()(cq) as boolean);
  assert.ok(cq.length > 5);
  const sarif = JSON.parse(readFileSync(join(project, 'dind-doctor.sarif'), 'utf8'));
  assert.equal(sarif.runs[0].results.length, cq.length);
});
