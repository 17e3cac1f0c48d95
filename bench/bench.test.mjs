// node --test bench/bench.test.mjs — tests of the benchmark harness against bench/fixtures/mock-server.mjs
// (no real server needed; ~10 s). Not part of `npm test`/CI: run it by hand after changing bench/.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runSession, alive } from './lsp-session.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const MOCK = join(HERE, 'fixtures', 'mock-server.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'dind-doctor-bench-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const file = join(tmp, '.gitlab-ci.yml');
writeFileSync(file, 'build:\n  services: [docker:dind]\n  script: [docker build .]'); // no final newline on purpose
const session = (serverArgs, o = {}) => runSession({ serverArgv: [process.execPath, MOCK, ...serverArgs], workspace: tmp, file, configWaitMs: 200, settleMs: 20, ...o });

for (const [sync, change] of [['full', 'full'], ['incremental', 'incremental'], ['incremental', 'full']]) {
  test(`server declares ${sync} sync, edits sent as ${change} changes, each waits for its version`, async () => {
    const r = await session(['--sync', sync, '--pattern', 'bench edit', '--delay-ms', '5'], { edits: 4, change });
    assert.equal(r.ok, true, r.error);
    assert.equal(r.sync, sync);
    assert.equal(r.firstDiagCount, 0);
    assert.equal(r.editMs.length, 4);
    assert.equal(r.lastDiagCount, 4, 'every edit appended one line the server saw');
    assert.ok(r.editMs.every((x) => x >= 5), 'debounce is inside the latency');
    assert.ok(r.spawnToInitializeMs > 0 && r.openToFirstDiagMs > 0 && r.peakRssMb > 10);
    assert.equal(alive(r.pid), false);
  });
}

test('configuration pull is answered and counted', async () => {
  const r = await session(['--pull-config'], { edits: 1, settings: { dindDoctor: { enable: true } } });
  assert.equal(r.ok, true, r.error);
  assert.equal(r.configModel, 'pull');
  assert.equal(r.configRequests, 1);
  assert.equal(r.firstDiagCount, 1);
});

test('a server that never publishes times out with a clear error and is killed', async () => {
  const r = await session(['--never-publish'], { requestTimeoutMs: 4000 }); // generous: initialize must not time out on a loaded machine
  assert.equal(r.ok, false);
  assert.equal(r.phase, 'didOpen');
  assert.match(r.error, /timeout: no publishDiagnostics after didOpen within 4000 ms/);
  assert.equal(alive(r.pid), false);
});

test('a server that crashes is reported, not waited for', async () => {
  const t = Date.now();
  const r = await session(['--exit-on-open'], { requestTimeoutMs: 10000 });
  assert.equal(r.ok, false);
  assert.match(r.error, /server exited during publishDiagnostics after didOpen/);
  assert.ok(Date.now() - t < 5000);
});

test('peak RSS sees memory the server holds', async () => {
  const r = await session(['--alloc-mb', '80'], { edits: 1 });
  assert.equal(r.ok, true, r.error);
  assert.ok(r.peakRssMb > 80, `peak ${r.peakRssMb}`);
});

test('generators are deterministic', () => {
  const gen = (out) => spawnSync(process.execPath, [join(HERE, 'gen-gitlab-ci.mjs'), '--jobs', '30', '--seed', '1', '--errors', '4', '--out', out], { encoding: 'utf8' });
  gen(join(tmp, 'a.yml')); gen(join(tmp, 'b.yml'));
  assert.equal(readFileSync(join(tmp, 'a.yml'), 'utf8'), readFileSync(join(tmp, 'b.yml'), 'utf8'));
});

test('bench.mjs end to end on the mock server and mock CLI: table + JSON', () => {
  const out = join(tmp, 'r.json');
  const p = spawnSync(process.execPath, [join(HERE, 'bench.mjs'), '--sizes', '10,100', '--runs', '1', '--runners', '5', '--edits', '2', '--floor-runs', '2',
    '--server', `node ${MOCK}`, '--cli', join(HERE, 'fixtures', 'mock-cli.mjs'), '--skip', 'analysis,activation,peer,corpus,others', '--tmp', join(tmp, 'ws'), '--out', out], { encoding: 'utf8', timeout: 60000 });
  assert.equal(p.status, 0, p.stderr);
  assert.match(p.stdout, /\| 100 jobs \| 2 357 \| 64 116 \|/);
  assert.match(p.stdout, /100 jobs open→diagnostics \(median\)/);
  const j = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(j.server['ci-100'].okRuns, 1);
  assert.equal(j.server['ci-100'].edit.n, 2);
  assert.ok(j.cli['ci-10'].findings > 0);
  assert.ok(j.floor['ci-100'].ms.median > 0);
  assert.ok(j.floor['runners-5'].ms.median > 0);
});
