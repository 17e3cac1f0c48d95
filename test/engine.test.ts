/** Engine behaviour shared by every rule: severity overrides, suppression comments, crash isolation, bad input. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../server/src/engine/workspace';
import { ciRule } from '../server/src/engine/rule';
import { rules } from '../server/src/rules';
import { FileReadError } from '../server/src/engine/types';
import { MemoryFs, analyze, y } from './harness';

const CI = y`
  variables:
    DOCKER_HOST: tcp://docker:2375
  build:
    image: docker:29-cli
    services: [docker:29-dind]
    script: [docker info]
`;
const ids = (fs: { ruleId: string }[]) => fs.map((f) => f.ruleId);

test('severity override changes the severity; "off" removes the finding', () => {
  const warn = analyze({ '.gitlab-ci.yml': CI }, '.gitlab-ci.yml', { rules: { 'dind-tls-port-mismatch': 'warning' } }).findings.find((f) => f.ruleId === 'dind-tls-port-mismatch');
  assert.equal(warn?.severity, 'warning');
  const off = analyze({ '.gitlab-ci.yml': CI }, '.gitlab-ci.yml', { rules: { 'dind-tls-port-mismatch': 'off' } }).findings;
  assert.ok(!ids(off).includes('dind-tls-port-mismatch'));
});

test('# dind-doctor-disable-next-line and # dind-doctor-disable suppress, for the named rule only', () => {
  const next = CI.replace('  DOCKER_HOST', '  # dind-doctor-disable-next-line dind-tls-port-mismatch\n  DOCKER_HOST');
  assert.ok(!ids(analyze({ '.gitlab-ci.yml': next }, '.gitlab-ci.yml').findings).includes('dind-tls-port-mismatch'));
  const other = CI.replace('  DOCKER_HOST', '  # dind-doctor-disable-next-line some-other-rule\n  DOCKER_HOST');
  assert.ok(ids(analyze({ '.gitlab-ci.yml': other }, '.gitlab-ci.yml').findings).includes('dind-tls-port-mismatch'));
  const file = '# dind-doctor-disable dind-tls-port-mismatch\n' + CI;
  assert.ok(!ids(analyze({ '.gitlab-ci.yml': file }, '.gitlab-ci.yml').findings).includes('dind-tls-port-mismatch'));
});

test('a crashing rule becomes an internal finding and the other rules still run', () => {
  const boom = ciRule({ id: 'boom', severity: 'error', summary: 'x', check() { throw new Error('kaput'); } });
  const ws = new Workspace(new MemoryFs({ '.gitlab-ci.yml': CI }), { roots: ['/w'] }, [boom, ...rules]);
  const f = ws.analyze('/w/.gitlab-ci.yml');
  assert.ok(f.some((x) => x.ruleId === 'internal-error' && /boom.*kaput/.test(x.message)));
  assert.ok(ids(f).includes('dind-tls-port-mismatch'));
});

test('unreadable, binary and huge files get a clear finding, not a crash', () => {
  const fs = new MemoryFs({ '.gitlab-ci.yml': CI });
  fs.readFile = (p: string) => { if (p.endsWith('.gitlab-ci.yml')) throw new FileReadError(`cannot read ${p}: permission denied (EACCES)`); return undefined; };
  const f = new Workspace(fs, { roots: ['/w'] }).analyze('/w/.gitlab-ci.yml');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /permission denied/);
  const huge = analyze({ '.gitlab-ci.yml': 'a: ' + 'x'.repeat(9 * 1024 * 1024) }, '.gitlab-ci.yml').findings;
  assert.match(huge[0].message, /too large to analyse \(9 MB; the limit is 8 MB\)/);
  const bin = analyze({ 'config.toml': '[[runners]]\u0000\u0001' }, 'config.toml').findings;
  assert.match(bin[0].message, /binary/);
});

test('a runner config.toml is analysed up to 16 MB (parsed one runner at a time), YAML files up to 8 MB', () => {
  const runner = '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    image = "docker:27"\n    privileged = true\n';
  const comment = (mb: number) => '# ' + 'x'.repeat(mb * 1024 * 1024) + '\n';
  const nine = analyze({ 'config.toml': comment(9) + runner }, 'config.toml').findings;
  assert.ok(!nine.some((f) => /too large/.test(f.message)), nine.map((f) => f.message).join('\n'));
  const over = analyze({ 'config.toml': comment(17) + runner }, 'config.toml').findings;
  assert.equal(over.length, 1);
  assert.equal(over[0].ruleId, 'toml-syntax-error');
  assert.match(over[0].message, /too large to analyse \(17 MB; the limit is 16 MB\)/);
  // a CI file served by that runner config reads it too (the same limit applies where the runners are read)
  const ci = 'build:\n  image: docker:27\n  services: [docker:27-dind]\n  script: [docker info]\n';
  const withNine = analyze({ '.gitlab-ci.yml': ci, 'config.toml': comment(9) + runner.replace('privileged = true', 'privileged = false') }, '.gitlab-ci.yml').findings;
  assert.ok(withNine.some((f) => f.ruleId === 'dind-requires-privileged'), withNine.map((f) => f.ruleId).join(', '));
});

test('an include that cannot be read is reported on the include line; the rest is still analysed', () => {
  const fs = new MemoryFs({ '.gitlab-ci.yml': 'include:\n  - local: ci/secret.yml\n' + CI });
  const read = fs.readFile.bind(fs);
  fs.readFile = (p: string) => { if (p.endsWith('secret.yml')) throw new FileReadError(`cannot read ${p}: permission denied (EACCES)`); return read(p); };
  const f = new Workspace(fs, { roots: ['/w'] }).analyze('/w/.gitlab-ci.yml');
  const inc = f.find((x) => x.ruleId === 'local-include-not-found');
  assert.ok(inc && inc.range.start.line === 1 && /permission denied/.test(inc.message), JSON.stringify(f));
});

test('a deep alias bomb is analysed quickly', () => {
  let t = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 40; i++) t += `a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]\n`;
  t += 'job:\n  script: *a39\n  image: docker:29-cli\n';
  const t0 = Date.now();
  analyze({ '.gitlab-ci.yml': t }, '.gitlab-ci.yml');
  assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
});

test('findings are located in the file where the value is written (included file), not in the main file', () => {
  const files = { '.gitlab-ci.yml': 'include: ci/vars.yml\n' + CI.replace(/variables:\n  DOCKER_HOST: tcp:\/\/docker:2375\n/, ''), 'ci/vars.yml': 'variables:\n  DOCKER_HOST: tcp://docker:2375\n' };
  const { ws } = analyze(files, '.gitlab-ci.yml');
  assert.ok(!ids(ws.analyze('/w/.gitlab-ci.yml')).includes('dind-tls-port-mismatch'));
  const inc = ws.analyze('/w/ci/vars.yml').find((f) => f.ruleId === 'dind-tls-port-mismatch');
  assert.equal(inc?.range.start.line, 1);
});
