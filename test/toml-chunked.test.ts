/**
 * Issue 12 (bounded memory): a long runner config is parsed one `[[runners]]` entry at a time. The tree, the
 * problems and every offset must equal those of one parse of the whole text. Compared over the corpus's
 * config.toml files, a generated 60-runner config, hand-written texts where splitting would change the meaning, and
 * random line insertions (fast-check, fixed seed, bounded).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { PARSE_STEP_RUNNERS, parseToml, parseTomlSteps, runnerChunks } from '../server/src/formats/toml';

const corpus = process.env.DIND_DOCTOR_CORPUS ?? join(__dirname, '..', '..', 'shared', 'corpus');
const WHOLE = Number.POSITIVE_INFINITY;

function same(text: string, label: string): void {
  const chunked = parseToml('/w/config.toml', text, 0);
  const whole = parseToml('/w/config.toml', text, WHOLE);
  assert.deepStrictEqual(chunked.problems, whole.problems, `${label}: problems differ`);
  assert.deepStrictEqual(chunked.root, whole.root, `${label}: trees differ`);
}

function tomlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) tomlFiles(p, out); else if (name.endsWith('.toml')) out.push(p);
  }
  return out;
}

const generated = execFileSync(process.execPath, [join(__dirname, '..', 'bench', 'gen-runner-config.mjs'), '--runners', '60', '--seed', '3'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

test('a generated 60-runner config is split into one part per runner and reads the same as one parse', () => {
  const chunks = runnerChunks(generated, 0);
  assert.ok(chunks, 'the generated config is split');
  assert.equal(chunks.length, 61);
  same(generated, 'generated');
  const root = parseToml('/w/config.toml', generated, 0).root!;
  const runners = root.entries.get('runners')!.value;
  assert.equal(runners.kind === 'array' && runners.items.length, 60);
});

test('every config.toml of the corpus, and the same with its runner written three times, reads the same split and whole', () => {
  assert.ok(existsSync(corpus), `corpus not found at ${corpus}`);
  const files = tomlFiles(corpus);
  assert.ok(files.length > 10);
  let split = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    same(text, f);
    // real configs hold one runner each: repeat it (from its `[[runners]]` to the end) to get several
    const at = text.search(/^[ \t]*\[\[runners\]\]/m);
    if (at < 0) continue;
    const runner = text.slice(at).replace(/\n?$/, '\n');
    const three = text.slice(0, at) + runner + runner + runner;
    if (runnerChunks(three, 0)) split++;
    same(three, `${f} ×3`);
  }
  assert.ok(split > files.length / 2, `most corpus configs are split once their runner is repeated (${split} of ${files.length})`);
});

const R = (body: string) => `[[runners]]\n  name = "a"\n${body}\n[[runners]]\n  name = "b"\n  [runners.docker]\n    image = "x"\n`;

test('texts whose meaning a split would change are parsed whole', () => {
  for (const [label, text] of [
    ['another table after a runner', R('[session_server]\n  listen_address = "0.0.0.0:8093"')],
    ['plain [runners] after [[runners]]', R('[runners]\n  x = 1')],
    ['a multi-line array with a nested array on its own line', R('  volumes = [\n["a"],\n]')],
  ] as const) {
    assert.equal(runnerChunks(text, 0), undefined, label);
    same(text, label);
  }
  // a multi-line string holding a `[[runners]]` line: the split part does not parse, the whole text does
  const inString = 'concurrent = 1\n[[runners]]\n  name = "a"\n  pre = """\n[[runners]]\n"""\n[[runners]]\n  name = "c"\n';
  assert.ok(runnerChunks(inString, 0));
  same(inString, 'multi-line string');
  const doc = parseToml('/w/config.toml', inString, 0);
  assert.deepEqual(doc.problems, []);
  const runners = doc.root!.entries.get('runners')!.value;
  assert.equal(runners.kind === 'array' && runners.items.length, 2);
  // a key written twice in one runner is still a problem, at the same place
  same(R('  name = "again"'), 'duplicate key');
  assert.equal(parseToml('/w/config.toml', R('  name = "again"'), 0).problems.length, 1);
});

const LINES = ['[[runners]]', 'runners = 3', '[runners.cache]', '[[ runners ]] # c', '  [runners.docker]', '[runners.docker]', '  [[runners.docker.services]]', '    name = "docker:29-dind"',
  '[session_server]', '[runners]', 'concurrent = 2', '  name = "x"', '  privileged = true', '  image = \'x\'', 'url = "u"', '# [[runners]]',
  'x = """', '"""', "y = '''", "'''", '  volumes = [', '  ["a"],', ']', '  "/cache",', '', '  [runners.kubernetes]', '[[runners.kubernetes.volumes.empty_dir]]'];

test('random line insertions into a runner config read the same split and whole (fast-check)', () => {
  const base = generated.split('\n').slice(0, 400);
  fc.assert(fc.property(fc.array(fc.record({ at: fc.nat({ max: base.length }), line: fc.constantFrom(...LINES) }), { minLength: 1, maxLength: 6 }), (ins) => {
    const lines = [...base];
    for (const { at, line } of ins) lines.splice(Math.min(at, lines.length), 0, line);
    same(lines.join('\n'), 'mutated');
  }), { seed: 12, numRuns: 150 });
});

test('parseTomlSteps yields every few runners of a long config and gives what parseToml gives', () => {
  const text = execFileSync(process.execPath, [join(__dirname, '..', 'bench', 'gen-runner-config.mjs'), '--runners', '200', '--seed', '3'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const g = parseTomlSteps('/w/config.toml', text);
  let steps = 0;
  let r = g.next();
  for (; !r.done; r = g.next()) steps++;
  assert.equal(steps, Math.floor((runnerChunks(text)!.length) / PARSE_STEP_RUNNERS));
  assert.ok(steps >= 8, `${steps} steps`);
  assert.deepEqual(r.value, parseToml('/w/config.toml', text));
  // a short config is one step
  const short = parseTomlSteps('/w/config.toml', '[[runners]]\n  executor = "docker"\n');
  assert.equal(short.next().done, true);
});
