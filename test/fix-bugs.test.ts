/**
 * Fixes reported as leaving the file worse (issue "Fixes users can trust"): each test applies the fix, checks the
 * exact text, that every touched file parses, that the finding is gone and that no new error or warning appears.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, applyFix, MemoryFs, ROOT, y } from './harness';
import { Workspace } from '../server/src/engine/workspace';
import { parseProblem } from '../server/src/engine/fix-policy';
import { autoFix } from '../server/src/engine/fix-policy';
import { main } from '../server/src/cli';
import type { Finding, Fix } from '../server/src/engine/types';

const key = (f: Finding) => `${f.ruleId}@${f.file}:${f.range.start.line}:${f.range.start.character}`;
const fmt = (f: Finding) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId}: ${f.message}`;

/** Applies the one fix titled `title` of `ruleId`'s finding and checks the result; returns the new texts. */
function applyAndCheck(files: Record<string, string>, ruleId: string, title: string | RegExp, opts: { target?: string; kind?: 'safe' | 'suggestion' } = {}): MemoryFs {
  const target = opts.target ?? '.gitlab-ci.yml';
  const { findings, fs } = analyze(files, target);
  const mine = findings.filter((f) => f.ruleId === ruleId);
  assert.ok(mine.length > 0, `${ruleId} must fire:\n${findings.map(fmt).join('\n')}`);
  const offered = mine.flatMap((f) => (f.fixes ?? []).map((fix) => ({ f, fix })));
  const hit = offered.find(({ fix }) => (typeof title === 'string' ? fix.title === title : title.test(fix.title)));
  assert.ok(hit, `fix ${title} not offered; offered: ${offered.map((o) => o.fix.title).join(' | ')}`);
  if (opts.kind) assert.equal(hit.fix.kind, opts.kind, `kind of '${hit.fix.title}'`);
  const copy = new MemoryFs();
  for (const [k, v] of fs.files) copy.files.set(k, v);
  applyFix(copy, hit.fix);
  for (const file of new Set(hit.fix.edits.map((e) => e.file))) assert.equal(parseProblem(file, copy.files.get(file)!), undefined, `${file} parses after '${hit.fix.title}'`);
  const after = new Workspace(copy, { roots: [ROOT] }).analyze(`${ROOT}/${target}`);
  assert.ok(!after.some((f) => f.ruleId === ruleId && f.message === hit.f.message), `finding gone after '${hit.fix.title}':\n${after.map(fmt).join('\n')}`);
  const before = new Set(findings.map(key));
  const fresh = after.filter((f) => f.severity !== 'info' && !before.has(key(f)));
  assert.deepEqual(fresh.map(fmt), [], `no new error or warning after '${hit.fix.title}'`);
  return copy;
}

test('a global DOCKER_HOST: the dind fix names the job it edits and writes a complete TLS setup (no TLS-off findings)', () => {
  const ci = y`
    variables:
      DOCKER_HOST: tcp://docker:2375
    build:
      image: docker:29-cli
      script:
        - docker build -t app .
    unit:
      image: alpine
      script: [echo hi]
  `;
  const out = applyAndCheck({ '.gitlab-ci.yml': ci }, 'dind-host-without-service', "Add a docker:29-dind service with TLS reachable as 'docker' in job 'build' (DOCKER_HOST tcp://docker:2376) (then reported: dind-registry-rate-limits, dind-mtu-not-set)", { kind: 'suggestion' });
  assert.equal(out.files.get(`${ROOT}/.gitlab-ci.yml`), y`
    variables:
      DOCKER_HOST: tcp://docker:2375
    build:
      image: docker:29-cli
      script:
        - docker build -t app .
      services:
        - name: docker:29-dind
          alias: docker
      variables:
        DOCKER_HOST: tcp://docker:2376
        DOCKER_TLS_CERTDIR: /certs
        DOCKER_TLS_VERIFY: "1"
        DOCKER_CERT_PATH: $DOCKER_TLS_CERTDIR/client
    unit:
      image: alpine
      script: [echo hi]
  `);
  const after = new Workspace(out, { roots: [ROOT] }).analyze(`${ROOT}/.gitlab-ci.yml`).map((f) => f.ruleId);
  assert.ok(!after.includes('dind-tls-disabled') && !after.includes('dind-tls-off-startup-delay'), after.join(', '));
});

test('a global DOCKER_HOST with a Docker runner config: the fix shares /certs/client (the runner settings dind needs) and says so', () => {
  const ci = 'variables:\n  DOCKER_HOST: tcp://docker:2375\nbuild:\n  image: docker:29-cli\n  script:\n    - docker build -t app .\n';
  const toml = '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n';
  const out = applyAndCheck({ '.gitlab-ci.yml': ci, 'config.toml': toml }, 'dind-host-without-service',
    "Add a docker:29-dind service with TLS reachable as 'docker' in job 'build' (DOCKER_HOST tcp://docker:2376), with the runner settings dind needs in config.toml (then reported: dind-registry-rate-limits, dind-mtu-not-set)", { kind: 'suggestion' });
  assert.equal(out.files.get(`${ROOT}/config.toml`), toml + '    volumes = ["/certs/client"]\n');
});

const k8sRunner = '[[runners]]\n  executor = "kubernetes"\n  [runners.kubernetes]\n    privileged = true\n';

test('Kubernetes: a DOCKER_HOST naming a non-DNS default alias is pointed at the service\'s DNS-1123 name, never a second dind service', () => {
  const ci = y`
    build:
      image: docker:29-cli
      services:
        - name: ekino/docker-buildbox:latest-dind
      variables:
        DOCKER_HOST: tcp://ekino__docker-buildbox:2375
      script:
        - docker build -t app .
  `;
  const { findings } = analyze({ '.gitlab-ci.yml': ci, 'config.toml': k8sRunner }, '.gitlab-ci.yml');
  const f = findings.find((x) => x.ruleId === 'dind-host-without-service')!;
  assert.ok(!/alias: ekino__/.test(f.message), f.message);
  assert.match(f.message, /Point DOCKER_HOST at 'ekino-docker-buildbox'/);
  const out = applyAndCheck({ '.gitlab-ci.yml': ci, 'config.toml': k8sRunner }, 'dind-host-without-service', "Point DOCKER_HOST at 'ekino-docker-buildbox' (service 'ekino/docker-buildbox:latest-dind')");
  assert.equal(out.files.get(`${ROOT}/.gitlab-ci.yml`), ci.replace('ekino__docker-buildbox:2375', 'ekino-docker-buildbox:2375'));
});

test('Kubernetes: a service that may be the daemon gets the alias (kept aliases, DNS-1123), no second dind service', () => {
  const ci = y`
    build:
      image: docker:29-cli
      services:
        - name: registry.example.com/tools/dockerd:1
          alias: tools
      variables:
        DOCKER_HOST: tcp://my_docker:2375
      script:
        - docker build -t app .
  `;
  const { findings } = analyze({ '.gitlab-ci.yml': ci, 'config.toml': k8sRunner }, '.gitlab-ci.yml');
  const f = findings.find((x) => x.ruleId === 'dind-host-without-service')!;
  assert.match(f.message, /Give service 'registry\.example\.com\/tools\/dockerd:1' `alias: my-docker`/);
  const out = applyAndCheck({ '.gitlab-ci.yml': ci, 'config.toml': k8sRunner }, 'dind-host-without-service', "Add `alias: my-docker` to service 'registry.example.com/tools/dockerd:1' and point DOCKER_HOST at 'my-docker'");
  const text = out.files.get(`${ROOT}/.gitlab-ci.yml`)!;
  assert.equal(text, ci.replace('alias: tools', 'alias: tools,my-docker').replace('tcp://my_docker', 'tcp://my-docker'));
  assert.equal(text.match(/- name:/g)?.length, 1, 'one service, as before');
});

test('Kubernetes: with no service, the added dind service has a DNS-1123 alias and DOCKER_HOST follows it', () => {
  const ci = 'build:\n  image: docker:29-cli\n  variables:\n    DOCKER_HOST: tcp://my_dind:2376\n  script:\n    - docker build -t app .\n';
  const { findings } = analyze({ '.gitlab-ci.yml': ci, 'config.toml': k8sRunner }, '.gitlab-ci.yml');
  for (const f of findings) for (const fix of f.fixes ?? []) for (const fe of fix.edits) for (const e of fe.edits) assert.ok(!/alias: my_dind/.test(e.newText), `${fix.title} writes a non-DNS alias`);
  const out = applyAndCheck({ '.gitlab-ci.yml': ci, 'config.toml': k8sRunner }, 'dind-host-without-service', /^Add a docker:29-dind service with TLS reachable as 'my-dind'/);
  assert.equal(out.files.get(`${ROOT}/.gitlab-ci.yml`), 'build:\n  image: docker:29-cli\n  variables:\n    DOCKER_HOST: tcp://my-dind:2376\n    DOCKER_TLS_CERTDIR: /certs\n    DOCKER_TLS_VERIFY: "1"\n    DOCKER_CERT_PATH: $DOCKER_TLS_CERTDIR/client\n  script:\n    - docker build -t app .\n'
    + '  services:\n    - name: docker:29-dind\n      alias: my-dind\n      command: [--mtu=1360]\n      variables:\n        HEALTHCHECK_TCP_PORT: "2376"\n');
});

test('docker-cli-without-daemon on a job whose last key is variables: valid YAML, variables in the variables block', () => {
  const ci = 'build:\n  image: docker:29-cli\n  script:\n    - docker build -t app .\n  variables:\n    IMAGE: app\n';
  const toml = '[[runners]]\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n';
  const out = applyAndCheck({ '.gitlab-ci.yml': ci, 'config.toml': toml }, 'docker-cli-without-daemon', /^Add a docker:29-dind service with TLS/);
  assert.equal(out.files.get(`${ROOT}/.gitlab-ci.yml`), ci + '    DOCKER_HOST: tcp://docker:2376\n    DOCKER_TLS_CERTDIR: /certs\n    DOCKER_TLS_VERIFY: "1"\n    DOCKER_CERT_PATH: $DOCKER_TLS_CERTDIR/client\n  services:\n    - name: docker:29-dind\n      alias: docker\n');
  // the editor's preferred fix is that same fix
  const { findings } = analyze({ '.gitlab-ci.yml': ci, 'config.toml': toml }, '.gitlab-ci.yml');
  const f = findings.find((x) => x.ruleId === 'docker-cli-without-daemon')!;
  const preferred = autoFix(f, 'all') as Fix;
  assert.match(preferred.title, /^Add a docker:29-dind service with TLS/);
});

test('CLI --fix-suggestions on a job whose last key is variables leaves a file that parses', async () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'dind-doctor-fixbugs-')));
  try {
    const ci = 'build:\n  image: docker:29-cli\n  script:\n    - docker build -t app .\n  variables:\n    IMAGE: app\n';
    writeFileSync(join(dir, '.gitlab-ci.yml'), ci);
    writeFileSync(join(dir, '.dind-doctor.json'), '{}');
    let stdout = '';
    const io = { stdout: { write: (s: string) => { stdout += s; } }, stderr: { write: () => undefined }, cwd: dir, env: {} };
    await main(['.', '--fix-suggestions'], io);
    const text = readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8');
    assert.equal(parseProblem('.gitlab-ci.yml', text), undefined, text);
    assert.match(stdout, /^Fixed/);
    assert.match(text, /variables:\n {4}IMAGE: app\n {4}DOCKER_HOST: tcp:\/\/docker:2376\n[\s\S]*services:\n {4}- name: docker:29-dind/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
