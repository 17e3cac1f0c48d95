/**
 * Secrets never leave the machine through a report: a workspace with planted secrets is linted in every format
 * (the real engine, and synthetic findings that quote each secret in every field a report carries), and the output
 * is searched for each planted value.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../server/src/cli';
import { FORMATS, findSecrets, formatReport, Redactor } from '../server/src/reporters';
import type { Finding } from '../server/src/engine/types';
import { LineIndex } from '../server/src/formats/text';

const SECRETS = ['s3cr3t-deploy-token-value', 'hunter2hunter2', 'api-secret-literal-9', 'plainpass-77', 'Sup3rS3cretPw', 'EchoedPw123', 'AnotherPw456', 'UrlPw789', 'glrt-AbCdEfGhIjKlMnOpQrSt', 'envtokenvalue1', 'helmRunnerTok3n', 'glpat-aaaaBBBBccccDDDD1234'];

const CI = `variables:
  DEPLOY_TOKEN: "s3cr3t-deploy-token-value"
  DB_PASSWORD: hunter2hunter2
  API_SECRET: 'api-secret-literal-9'
  REGISTRY_USER: $CI_REGISTRY_USER
build:
  image: docker:24
  services: [docker:24-dind]
  variables:
    REGISTRY_PASSWORD: plainpass-77
    NOTE: "glpat-aaaaBBBBccccDDDD1234 pasted by mistake"
  script:
    - docker login -u me -p Sup3rS3cretPw registry.example.com
    - echo "EchoedPw123" | docker login -u me --password-stdin registry.example.com
    - docker login --password=AnotherPw456 registry.example.com
    - git clone https://user:UrlPw789@gitlab.example.com/x.git
    - docker run -p 8080:80 app
`;
const TOML = `concurrent = 1
[[runners]]
  name = "r"
  url = "https://gitlab.example.com"
  token = "glrt-AbCdEfGhIjKlMnOpQrSt"
  executor = "docker"
  environment = ["MY_TOKEN=envtokenvalue1", "PLAIN=ok"]
  [runners.docker]
    image = "alpine"
    privileged = false
`;
const HELM = `runnerToken: helmRunnerTok3n
runners:
  config: |
    [[runners]]
      executor = "kubernetes"
`;

test('findSecrets: literal values of secret keys, login passwords, URL passwords, known token prefixes; not references or ports', () => {
  const found = [...findSecrets(CI + TOML + HELM)].sort();
  assert.deepEqual(found, [...SECRETS].sort());
  assert.deepEqual([...findSecrets('A_TOKEN: $CI_JOB_TOKEN\nB_PASSWORD: "${X}"\nSECRET_DETECTION_DISABLED: "true"\nC_SECRET: 1234\ndocker run -p 8080:80 x\n')], []);
});

const dir = mkdtempSync(join(tmpdir(), 'dd-secrets-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('synthetic findings that quote every secret on every line: no format carries one', () => {
  const files: Record<string, string> = { [`${dir}/.gitlab-ci.yml`]: CI, [`${dir}/config.toml`]: TOML, [`${dir}/values.yaml`]: HELM };
  const findings: Finding[] = [];
  for (const [file, text] of Object.entries(files)) {
    const lines = LineIndex.of(text);
    for (let l = 0; l < lines.lineCount - 1; l++) {
      const range = lines.range(lines.lineStarts[l], lines.lineEnd(l));
      const leak = SECRETS.join(' ');
      // The headline (shown on its own by the text, JSON and Code Quality formats) quotes them too.
      const headline = `Value ${leak} is wrong.`;
      findings.push({
        ruleId: 'schema-validation', severity: 'error', file, range, headline, message: `${headline} It is ${leak}.`,
        related: [{ file, range, message: `see ${leak}` }],
        fixes: [{ title: `replace ${leak}`, preferred: true, edits: [{ file, edits: [{ range, newText: `x = "${leak}"` }] }] }],
      });
    }
  }
  for (const format of FORMATS) {
    const out = formatReport(format, findings, { cwd: dir, readText: (f) => files[f] });
    for (const s of SECRETS) assert.ok(!out.includes(s), `${format} carries ${s}`);
    assert.match(out, /\*{8}/, `${format} shows masks`);
  }
  // the text format still shows the lines, masked at the same length (carets keep their columns)
  const text = formatReport('text', findings, { cwd: dir, readText: (f) => files[f] });
  assert.match(text, /token = "\*{25}"/);
  assert.match(text, /docker login -u me -p \*{13} registry\.example\.com/);
  assert.match(text, /REGISTRY_USER: \$CI_REGISTRY_USER/);
});

test('the real CLI on a workspace with planted secrets: no format carries one', async () => {
  mkdirSync(join(dir, 'proj', '.git'), { recursive: true });
  writeFileSync(join(dir, 'proj', '.gitlab-ci.yml'), CI);
  writeFileSync(join(dir, 'proj', 'config.toml'), TOML);
  for (const format of FORMATS) {
    let out = '';
    const code = await main(['--format', format, '.'], { cwd: join(dir, 'proj'), stdout: { write: (s: string) => { out += s; } }, stderr: { write: (s: string) => { out += s; } } });
    assert.ok(code === 0 || code === 1, `exit ${code}: ${out}`);
    assert.match(out, /docker-login-password-on-command-line/);
    for (const s of SECRETS) assert.ok(!out.includes(s), `${format} carries ${s}`);
  }
});

test('Redactor keeps lengths and leaves text without secrets alone', () => {
  const r = new Redactor(['abcd1234']);
  assert.equal(r.redact('x abcd1234 y abcd1234'), 'x ******** y ********');
  assert.equal(r.redact('nothing here: DOCKER_HOST=tcp://docker:2376'), 'nothing here: DOCKER_HOST=tcp://docker:2376');
});

test('Redactor masks every character of overlapping and repeated secrets, known and found in the text itself', () => {
  const r = new Redactor(['abcdef', 'xabc', 'glrt-1234567890ab']);
  assert.equal(r.redact('xabcdef and abcdef'), '******* and ******');
  assert.equal(r.redact('token glrt-1234567890ab twice glrt-1234567890ab'), 'token ***************** twice *****************');
  // a value found in the string itself (a password key), not known beforehand
  assert.equal(r.redact('password = "s3cr3tvalue"'), 'password = "***********"');
  assert.equal(r.redact('nothing here'), 'nothing here');
  assert.equal(r.redact('abc'), 'abc');
});

test('Redactor: masking thousands of strings against thousands of secrets compares each string with the few secrets sharing a prefix, not with every secret', () => {
  const value = (i: number) => `${i.toString(36).padStart(4, '0')}-runner-token-value`;
  const r = new Redactor(Array.from({ length: 5000 }, (_, i) => value(i)));
  let compared = 0;
  const { startsWith, includes } = String.prototype;
  String.prototype.startsWith = function (this: string, ...a: [string, number?]) { compared++; return startsWith.apply(this, a); };
  String.prototype.includes = function (this: string, ...a: [string, number?]) { compared++; return includes.apply(this, a); };
  const out: string[] = [];
  try {
    for (let i = 0; i < 1000; i++) out.push(r.redact(`runner ${i} has token ${value(i)} in its config`));
  } finally { String.prototype.startsWith = startsWith; String.prototype.includes = includes; }
  assert.equal(out[7], `runner 7 has token ${'*'.repeat(value(7).length)} in its config`);
  assert.ok(out.every((o, i) => !o.includes(value(i))));
  // one candidate per string (plus a handful of chance prefix hits), against 5,000 per string when every secret is tried
  assert.ok(compared <= 1000 * 5, `${compared} comparisons for 1,000 strings`);
});
