/**
 * Issue 11: `--fix` applies safe fixes only. The CLI's `--fix` runs over a copy of the real-world corpus
 * (`../shared/corpus/`, all of it one project, as a user would run it on a checkout) and no edit it leaves behind
 * widens a privilege or weakens TLS: no new `privileged = true` / `services_privileged = true`, no wider
 * `allowed_*` list, no new socket bind, capability, host path or security-context relaxation, no TLS turned off.
 * `--fix-suggestions` on the same copy must be able to make such edits (so the check can fail).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { main } from '../server/src/cli';

const corpus = process.env.DIND_DOCTOR_CORPUS ?? join(__dirname, '..', '..', 'shared', 'corpus');

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => { const p = join(dir, n); return statSync(p).isDirectory() ? walk(p) : [p]; });
}

/** Patterns whose count may not grow in a file: each one grants privilege or weakens TLS where it appears. */
const WIDENING: [string, RegExp][] = [
  ['privileged = true', /\bprivileged\s*=\s*true\b/g],
  ['privileged: true', /\bprivileged:\s*true\b/g],
  ['allow_privilege_escalation = true', /allow_privilege_escalation\s*=\s*true/g],
  ['docker.sock bind', /docker\.sock/g],
  ['cap_add', /cap_add/g],
  ['host_path', /host_path/g],
  ['Unconfined seccomp/AppArmor', /unconfined/gi],
  ['run_as_user = 0 / run_as_non_root = false', /run_as_user\s*=\s*0\b|run_as_non_root\s*=\s*false/g],
  ['DOCKER_TLS_CERTDIR ""', /DOCKER_TLS_CERTDIR\s*[:=]\s*(""|''|\s*$)/gm],
  ['--tls=false', /--tls=false/g],
  ['tls_verify = false', /tls_verify\s*=\s*false/g],
  ['DOCKER_TLS_VERIFY off', /DOCKER_TLS_VERIFY\s*[:=]\s*["']?(0|false|)["']?\s*$/gm],
  ['port 2375', /:2375\b/g],
  ['insecure', /insecure/gi],
];

/** Items of every `allowed_*` array in a TOML text (inside Helm values too), by key. */
function allowLists(text: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const m of text.matchAll(/\b(allowed_[a-z_]+)\s*=\s*\[([^\]]*)\]/g)) {
    const set = out.get(m[1]) ?? new Set<string>();
    for (const item of m[2].matchAll(/"([^"]*)"|'([^']*)'/g)) set.add(item[1] ?? item[2]);
    out.set(m[1], set);
  }
  return out;
}

/** How `after` widens what `before` allowed. */
export function widenings(before: string, after: string): string[] {
  const out: string[] = [];
  for (const [what, re] of WIDENING) {
    const n = (t: string) => (t.match(re) ?? []).length;
    if (n(after) > n(before)) out.push(`${what}: ${n(before)} → ${n(after)}`);
  }
  const b = allowLists(before);
  for (const [key, items] of allowLists(after)) {
    const was = b.get(key);
    // a list that appears where none was restricts (an absent list allows everything); a list that grows widens
    if (was) for (const i of items) if (!was.has(i)) out.push(`${key} gains "${i}"`);
  }
  for (const [key, items] of b) if (items.size > 0 && !allowLists(after).has(key)) out.push(`${key} removed (allows everything)`);
  return out;
}

function runCli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  return main(args, { cwd, stdout: { write: (s: string) => { out += s; } }, stderr: { write: (s: string) => { err += s; } }, env: { NO_COLOR: '1' } })
    .then((code) => ({ code, out, err }));
}

/** Runs the CLI with `flag` on a fresh copy of the corpus; the files it changed, before and after. */
async function fixCopy(flag: string): Promise<{ changed: { file: string; before: string; after: string }[]; out: string }> {
  const tmp = mkdtempSync(join(tmpdir(), 'dd-fixcorpus-'));
  try {
    const copy = join(tmp, 'corpus');
    cpSync(corpus, copy, { recursive: true });
    const before = new Map(walk(copy).map((f) => [f, readFileSync(f, 'utf8')]));
    const r = await runCli([flag, '.'], copy);
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.err}`);
    const changed = walk(copy).flatMap((f) => {
      const after = readFileSync(f, 'utf8');
      const was = before.get(f);
      return was === after ? [] : [{ file: relative(copy, f), before: was ?? '', after }];
    });
    return { changed, out: r.out };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

test('CLI --fix over a copy of the corpus: edits made, none widens a privilege or weakens TLS', { skip: !existsSync(corpus) && 'no corpus' }, async () => {
  const { changed } = await fixCopy('--fix');
  assert.ok(changed.length > 0, '--fix changed no corpus file: the check below would prove nothing');
  const bad = changed.flatMap((c) => widenings(c.before, c.after).map((w) => `${c.file}: ${w}`));
  assert.deepEqual(bad, []);
  console.log(`# --fix on the corpus: ${changed.length} files changed, no privilege-widening or TLS-weakening edit`);
});

test('the widening check can fail: --fix-suggestions on the same corpus makes such edits', { skip: !existsSync(corpus) && 'no corpus' }, async () => {
  const { changed } = await fixCopy('--fix-suggestions');
  const bad = changed.flatMap((c) => widenings(c.before, c.after).map((w) => `${c.file}: ${w}`));
  assert.ok(bad.length > 0, 'suggestions should include privilege or TLS changes on the corpus');
});

test('widenings: each kind is seen', () => {
  assert.deepEqual(widenings('[runners.docker]\n  privileged = false\n', '[runners.docker]\n  privileged = true\n'), ['privileged = true: 0 → 1']);
  assert.deepEqual(widenings('allowed_images = ["a"]\n', 'allowed_images = ["a", "b"]\n'), ['allowed_images gains "b"']);
  assert.deepEqual(widenings('allowed_images = ["a"]\n', 'x = 1\n'), ['allowed_images removed (allows everything)']);
  assert.deepEqual(widenings('j:\n  variables:\n    DOCKER_TLS_CERTDIR: "/certs"\n', 'j:\n  variables:\n    DOCKER_TLS_CERTDIR: ""\n'), ['DOCKER_TLS_CERTDIR "": 0 → 1']);
  assert.deepEqual(widenings('allowed_images = ["a", "b"]\n', 'allowed_images = ["a"]\n'), []);
});
