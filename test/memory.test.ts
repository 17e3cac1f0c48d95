// What the language server keeps between analyses: bounded memos of texts, the V8 heap-growing setting, and the
// results kept per parsed node across edits (schema validity of top-level entries, services and images of jobs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex, RecentByText } from '../server/src/formats/text';
import { parseYaml } from '../server/src/formats/yaml';
import { reparseYaml } from '../server/src/formats/yaml-incremental';
import { validateCi } from '../server/src/schema';
import { buildPipeline } from '../server/src/model/pipeline';
import { DEFAULT_HEAP_GROWING_PERCENT, heapGrowingPercent } from '../server/src/heap';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

test('RecentByText keeps at most its count of entries, oldest out first', () => {
  const m = new RecentByText<number>(3, 1000);
  for (let i = 0; i < 5; i++) m.set(`k${i}`, i, 1);
  assert.equal(m.size, 3);
  assert.equal(m.get('k0'), undefined);
  assert.equal(m.get('k1'), undefined);
  assert.deepEqual(['k2', 'k3', 'k4'].map((k) => m.get(k)), [2, 3, 4]);
});

test('RecentByText keeps at most its characters, but always the newest entry', () => {
  const m = new RecentByText<string>(10, 100);
  m.set('a', 'A', 60);
  m.set('b', 'B', 30);
  assert.equal(m.size, 2);
  m.set('c', 'C', 20); // 110 characters: the oldest goes
  assert.equal(m.get('a'), undefined);
  assert.equal(m.get('b'), 'B');
  assert.equal(m.get('c'), 'C');
  m.set('huge', 'H', 500); // alone above the bound: kept, everything else goes
  assert.equal(m.size, 1);
  assert.equal(m.get('huge'), 'H');
  m.set('huge', 'H2', 10); // replacing a key counts its new length only
  m.set('d', 'D', 80);
  assert.equal(m.get('huge'), 'H2');
  assert.equal(m.get('d'), 'D');
});

test('LineIndex.of shares an index per text but does not keep the versions of a large text alive', () => {
  const small = 'a: 1\nb: 2\n';
  assert.equal(LineIndex.of(small), LineIndex.of(small), 'a small text is looked up again');
  const big = 'x'.repeat(1024 * 1024) + '\n';
  const first = LineIndex.of(big + '#0\n');
  const versions = Array.from({ length: 6 }, (_, i) => big + `#${i + 1}\n`);
  for (const v of versions) LineIndex.of(v);
  assert.notEqual(LineIndex.of(big + '#0\n'), first, 'the oldest version was let go (6 MB of newer text)');
  const last = versions[versions.length - 1];
  assert.equal(LineIndex.of(last), LineIndex.of(last), 'the newest version is kept');
});

test('LineIndex maps offsets and positions (typed line starts)', () => {
  const li = new LineIndex('ab\r\ncd\n\nef');
  assert.deepEqual([...li.lineStarts], [0, 4, 7, 8]);
  assert.equal(li.lineCount, 4);
  assert.deepEqual(li.position(5), { line: 1, character: 1 });
  assert.equal(li.offset({ line: 3, character: 1 }), 9);
  assert.equal(li.lineText(0), 'ab');
  assert.equal(li.lineEnd(0), 2);
  assert.deepEqual([...new LineIndex('').lineStarts], [0]);
});

test('the heap growing percent comes from DIND_DOCTOR_HEAP_GROWING_PERCENT, else the default', () => {
  assert.equal(heapGrowingPercent({}), DEFAULT_HEAP_GROWING_PERCENT);
  assert.equal(heapGrowingPercent({ DIND_DOCTOR_HEAP_GROWING_PERCENT: '0' }), 0);
  assert.equal(heapGrowingPercent({ DIND_DOCTOR_HEAP_GROWING_PERCENT: ' 75 ' }), 75);
  for (const bad of ['', 'x', '-5', '1.5', '301']) assert.equal(heapGrowingPercent({ DIND_DOCTOR_HEAP_GROWING_PERCENT: bad }), DEFAULT_HEAP_GROWING_PERCENT, bad);
});

/** A CI file with enough top-level entries to be validated one entry at a time. */
function manyJobs(n: number, extra = ''): string {
  let t = 'stages: [build]\n';
  for (let i = 0; i < n; i++) t += `job${i}:\n  stage: build\n  script:\n    - echo ${i}\n`;
  return t + extra;
}

test('schema validation after an edit reports what the edited entry breaks, entries kept from before stay valid', () => {
  const text = manyJobs(80);
  const p0 = parseYaml('ci.yml', text);
  assert.deepEqual(validateCi(p0.root), []);
  // an edit that breaks the last job: the re-parse keeps the other entries' nodes
  const broken = text.replace(/- echo 79\n$/, '- echo 79\n  scriptt: x\n');
  const p1 = reparseYaml('ci.yml', broken, p0);
  assert.equal(p1.root?.kind === 'map' && p0.root?.kind === 'map' && p1.root.entries.get('job3')?.value === p0.root.entries.get('job3')?.value, true, 'job3 keeps its node');
  const problems = validateCi(p1.root);
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /scriptt/);
  assert.deepEqual(validateCi(p1.root, Number.POSITIVE_INFINITY).map((p) => p.message), problems.map((p) => p.message), 'the same as validating the whole file');
  // fixed again: no problem is left over from the broken version
  assert.deepEqual(validateCi(reparseYaml('ci.yml', text, p1).root), []);
});

test('a node found valid under one top-level key is still checked under another', () => {
  // `variables:` is valid and checked first; the same node (an alias) as a job's configuration is not a valid job
  const q = parseYaml('ci.yml', manyJobs(70, 'variables: &v\n  A: "1"\nbad_job: *v\n'));
  assert.equal(q.root?.kind, 'map');
  const problems = validateCi(q.root);
  assert.ok(problems.length > 0, 'bad_job is reported');
});

test('jobs with the same services and image node share them, and match a fresh pipeline', () => {
  const text = [
    '.dind:', '  image: docker:27', '  services:', '    - name: docker:27-dind', '      alias: docker', '  script: [docker info]',
    'a:', '  extends: .dind', 'b:', '  extends: .dind', 'c:', '  image: alpine', '  services: [docker:dind]', '  script: [true]', '',
  ].join('\n');
  const build = (src: string) => { const y = parseYaml('/w/.gitlab-ci.yml', src); return buildPipeline('/w/.gitlab-ci.yml', { root: '/w', load: () => y }); };
  const p = build(text);
  const [a, b, c] = ['a', 'b', 'c'].map((n) => p.jobs.find((j) => j.name === n)!);
  assert.equal(a.services, b.services, 'one services list for both jobs of the template');
  assert.equal(a.image, b.image);
  assert.notEqual(a.services, c.services);
  assert.deepEqual(a.services.map((s) => [s.name, s.source]), [['docker:27-dind', 'extends']]);
  assert.ok(a.services[0].aliases?.includes('docker'));
  assert.deepEqual(c.services.map((s) => [s.name, s.source]), [['docker:dind', 'own']]);
  assert.equal(a.image?.ref.tag, '27');
  assert.equal(c.image?.ref.name, 'alpine');
});

test('job variables from one variables: node are made once and shared; a null still unsets a global', () => {
  const text = [
    'variables:', '  GLOBAL: g', '  DROPPED: d',
    '.tpl:', '  variables:', '    FROM_TPL: t', '    DROPPED: null', '  script: [true]',
    'a:', '  extends: .tpl', 'b:', '  extends: .tpl', 'c:', '  variables:', '    FROM_TPL: own', '  script: [true]', '',
  ].join('\n');
  const y = parseYaml('/w/.gitlab-ci.yml', text);
  const p = buildPipeline('/w/.gitlab-ci.yml', { root: '/w', load: () => y });
  const [a, b, c] = ['a', 'b', 'c'].map((n) => p.jobs.find((j) => j.name === n)!);
  assert.equal(a.variables.get('FROM_TPL'), b.variables.get('FROM_TPL'), 'one Variable for both jobs of the template');
  assert.deepEqual([...a.variables.keys()], ['GLOBAL', 'FROM_TPL']);
  assert.equal(a.variables.get('GLOBAL'), p.globalVariables.get('GLOBAL'));
  assert.deepEqual([...c.variables].map(([k, v]) => [k, v.value, v.scope]), [['GLOBAL', 'g', 'global'], ['DROPPED', 'd', 'global'], ['FROM_TPL', 'own', 'job']]);
  // a second pipeline of the same parse reuses the Variable objects of the nodes
  const q = buildPipeline('/w/.gitlab-ci.yml', { root: '/w', load: () => y });
  assert.equal(q.jobs.find((j) => j.name === 'a')!.variables.get('FROM_TPL'), a.variables.get('FROM_TPL'));
  assert.notEqual(q.jobs.find((j) => j.name === 'a')!.variables, a.variables, 'each job still has its own map');
});

/** A full garbage collection (the test process is not started with --expose-gc). */
async function collect(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  await new Promise((r) => setTimeout(r, 0)); // WeakRefs made in this turn stay alive until it ends
  gc();
}

test('a pipeline is not kept alive by the script offset maps it made for nodes a later pipeline shares', async () => {
  const text = ['.tpl:', '  script:', '    - |', '      echo one', '      echo two', 'a:', '  extends: .tpl', 'b:', '  script: [echo b]', ''].join('\n');
  const y = parseYaml('/w/.gitlab-ci.yml', text);
  const build = () => buildPipeline('/w/.gitlab-ci.yml', { root: '/w', load: () => y });
  const first = (() => {
    const p = build();
    // the maps of the first pipeline are made, and one is never called (its reader of texts still held)
    const job = p.jobs.find((j) => j.name === 'a')!;
    assert.equal(job.scripts.length, 1);
    return new WeakRef(job);
  })();
  const second = build();
  const line = second.jobs.find((j) => j.name === 'a')!.scripts[0];
  assert.equal(line.toFile('echo one\n'.length), text.indexOf('echo two'), 'the offset map made for the first pipeline serves the second');
  await collect();
  assert.equal(first.deref(), undefined, 'the first pipeline\'s jobs were collected');
  assert.ok(second.jobs.length);
});
