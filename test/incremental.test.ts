/** Issue 16: the opened file is answered before the rest of the workspace is modelled; edits rebuild only what they touch. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../server/src/engine/workspace';
import { MemoryFs, y } from './harness';

const ciWith = (name: string) => y`
  ${name}:
    image: docker:29-cli
    services: [docker:29-dind]
    variables:
      DOCKER_HOST: tcp://docker:2375
    script: [docker info]
`;

/** A file system that records which files were read. */
class CountingFs extends MemoryFs {
  reads: string[] = [];
  override readFile(p: string) { this.reads.push(p); return super.readFile(p); }
}

function workspace(n: number) {
  const files: Record<string, string> = { '.gitlab-ci.yml': ciWith('build'), 'config.toml': '[[runners]]\n  name = "r"\n  executor = "docker"\n  [runners.docker]\n    privileged = true\n' };
  for (let i = 0; i < n; i++) files[`svc${i}/.gitlab-ci.yml`] = ciWith(`job${i}`);
  const fs = new CountingFs(files);
  return { fs, ws: new Workspace(fs, { roots: ['/w'] }) };
}

test('analysing a CI file does not read the other CI files of the workspace; their analysis is unchanged', () => {
  const { fs, ws } = workspace(5);
  const first = ws.analyze('/w/.gitlab-ci.yml');
  assert.ok(first.some((f) => f.ruleId === 'dind-tls-port-mismatch'), 'the file is really analysed');
  assert.deepEqual(fs.reads.filter((r) => r.startsWith('/w/svc')), [], 'no other CI file was read before the first answer');
  assert.ok(fs.reads.includes('/w/config.toml'), 'the runner config it depends on was read');
  // the full discovery still finds every CI file, and a from-scratch workspace agrees on the findings
  assert.equal(ws.discover().ciFiles.length, 6);
  assert.deepEqual(first, workspace(5).ws.analyze('/w/.gitlab-ci.yml'));
  assert.deepEqual(ws.analyze('/w/svc3/.gitlab-ci.yml'), workspace(5).ws.analyze('/w/svc3/.gitlab-ci.yml'));
});

test('an edit rebuilds only the pipelines that read the file; findings of the others follow runner changes', () => {
  const { fs, ws } = workspace(3);
  for (const f of ws.discover().ciFiles) ws.analyze(f);
  fs.reads = [];
  fs.files.set('/w/svc1/.gitlab-ci.yml', ciWith('renamed'));
  ws.changed('/w/svc1/.gitlab-ci.yml');
  ws.discover();
  assert.deepEqual(fs.reads, ['/w/svc1/.gitlab-ci.yml'], 'only the edited file is read again');
  const edited = ws.analyze('/w/svc1/.gitlab-ci.yml');
  assert.deepEqual(ws.jobsIn('/w/svc1/.gitlab-ci.yml').map((j) => j.name), ['renamed']);
  assert.deepEqual(edited, new Workspace(fs, { roots: ['/w'] }).analyze('/w/svc1/.gitlab-ci.yml'));
  // a runner change reaches a pipeline that was kept: its findings are recomputed
  const before = ws.analyze('/w/svc2/.gitlab-ci.yml');
  fs.files.set('/w/config.toml', '[[runners]]\n  name = "r"\n  executor = "shell"\n');
  ws.changed('/w/config.toml');
  const after = ws.analyze('/w/svc2/.gitlab-ci.yml');
  assert.notDeepEqual(after, before);
  assert.deepEqual(after, new Workspace(fs, { roots: ['/w'] }).analyze('/w/svc2/.gitlab-ci.yml'));
});

test('a new file that an existing pipeline includes is picked up after changed()', () => {
  const fs = new MemoryFs({ '.gitlab-ci.yml': y`
    include:
      - local: ci/extra.yml
    build:
      script: [echo]
  ` });
  const ws = new Workspace(fs, { roots: ['/w'] });
  ws.analyze('/w/.gitlab-ci.yml');
  assert.equal(ws.kindOf('/w/ci/extra.yml'), undefined);
  fs.files.set('/w/ci/extra.yml', ciWith('extra'));
  ws.changed('/w/ci/extra.yml');
  assert.equal(ws.kindOf('/w/ci/extra.yml'), 'gitlab-ci');
  assert.ok(ws.analyze('/w/ci/extra.yml').some((f) => f.ruleId === 'dind-tls-port-mismatch'));
});

test('the dependents of an edited CI file come from the pipelines built so far: no other CI file is read for them', () => {
  const { fs, ws } = workspace(5);
  ws.analyze('/w/.gitlab-ci.yml');
  ws.changed('/w/.gitlab-ci.yml');
  fs.reads.length = 0;
  assert.deepEqual(ws.dependentsOf('/w/.gitlab-ci.yml'), []);
  assert.deepEqual(fs.reads.filter((r) => r.startsWith('/w/svc')), [], 'no other CI file was read');
  // a file included by a built pipeline is a dependent; the runner config's dependents are every CI file it serves
  const inc = new Workspace(new MemoryFs({ '.gitlab-ci.yml': 'include: [{local: ci/build.yml}]\n' + ciWith('a'), 'ci/build.yml': ciWith('b') }), { roots: ['/w'] });
  inc.analyze('/w/.gitlab-ci.yml');
  assert.deepEqual(inc.dependentsOf('/w/.gitlab-ci.yml'), ['/w/ci/build.yml']);
  assert.deepEqual(inc.dependentsOf('/w/ci/build.yml'), ['/w/.gitlab-ci.yml']);
  assert.equal(ws.dependentsOf('/w/config.toml').length, 6);
});
