/**
 * The layering, enforced with dependency-cruiser and the rules in .dependency-cruiser.cjs: formats ← model ← edits ←
 * rules ← engine ← front ends; the client imports only the shared common/ module; no rule imports a rule; no
 * cycles. The first test checks the code; the second shows on a small made-up tree that each rule does catch what
 * it forbids (so a pass above means something).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const BIN = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation { rule: { name: string }; from: string; to: string; cycle?: { name: string }[] }

function cruise(cwd: string, dirs: string[]): Violation[] {
  const r = spawnSync(process.execPath, [BIN, '--config', CONFIG, '--output-type', 'json', ...dirs], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.ok(r.stdout, `dependency-cruiser printed nothing (exit ${r.status}): ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  assert.ok(out.summary.totalCruised > 0, 'dependency-cruiser read no module (is a TypeScript parser installed?)');
  return out.summary.violations;
}

const show = (v: Violation) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`;

/**
 * Violations that the code had when the layering test arrived, each to be mended by the move that owns it; listed
 * in .dependency-cruiser-known-violations.json (dependency-cruiser's baseline format) rather than written out of the
 * rules. The list may only shrink: an entry that no longer occurs fails the test until it is removed.
 */
const KNOWN = join(ROOT, '.dependency-cruiser-known-violations.json');

test('the code keeps its layers (no violation beyond the known ones, and no stale known one)', () => {
  const dirs = ['server/src', 'client/src', 'common'].filter((d) => existsSync(join(ROOT, d)));
  const found = cruise(ROOT, dirs).map(show).sort();
  const known = (JSON.parse(readFileSync(KNOWN, 'utf8')) as Violation[]).map(show).sort();
  assert.deepEqual(found.filter((v) => !known.includes(v)), [], 'new layering violations');
  assert.deepEqual(known.filter((v) => !found.includes(v)), [], 'known violations that are gone: remove them from .dependency-cruiser-known-violations.json');
});

const tmp = mkdtempSync(join(tmpdir(), 'dd-layers-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('each layering rule catches what it forbids', () => {
  const files: Record<string, string> = {
    'common/pins.ts': `import { x } from '../server/src/formats/text';\nexport const p = x;\n`,
    'client/src/ui.ts': `import { p } from '../../common/pins';\nimport { t } from '../../server/src/engine/types';\nexport const u = [p, t];\n`,
    'server/src/engine/types.ts': `export const t = 1;\n`,
    'server/src/formats/text.ts': `import { t } from '../engine/types';\nimport { m } from '../model/facts';\nexport const x = [t, m];\n`,
    'server/src/model/facts.ts': `import { e } from '../edits/job';\nexport const m = e;\n`,
    'server/src/edits/job.ts': `import { r } from '../engine/rule';\nexport const e = r;\n`,
    'server/src/engine/rule.ts': `export const r = 1;\n`,
    'server/src/rules/a-rule.ts': `import { r } from '../engine/rule';\nimport { b } from './b-rule';\nimport { w } from '../engine/workspace';\nexport const a = [r, b, w];\n`,
    'server/src/rules/b-rule.ts': `export const b = 1;\n`,
    'server/src/rules/index.ts': `import { a } from './a-rule';\nimport { b } from './b-rule';\nexport const rules = [a, b];\n`,
    'server/src/engine/workspace.ts': `import { rules } from '../rules/index';\nimport { d } from '../lsp/diagnostics';\nexport const w = [rules, d];\n`,
    'server/src/lsp/diagnostics.ts': `import { rules } from '../rules/index';\nimport { u } from '../../../client/src/ui';\nexport const d = [rules, u];\n`,
    'server/src/lsp/cycle-a.ts': `import { cb } from './cycle-b';\nexport const ca = cb;\n`,
    'server/src/lsp/cycle-b.ts': `import { ca } from './cycle-a';\nimport * as vscode from 'vscode';\nexport const cb = [ca, vscode];\n`,
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(tmp, name)), { recursive: true });
    writeFileSync(join(tmp, name), text);
  }
  const found = cruise(tmp, ['server/src', 'client/src', 'common']).filter((v) => v.rule.name !== 'no-cycles').map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
  assert.deepEqual(found, [
    'client-uses-only-common: client/src/ui.ts → server/src/engine/types.ts',
    'common-stands-alone: common/pins.ts → server/src/formats/text.ts',
    'edits-layer: server/src/edits/job.ts → server/src/engine/rule.ts',
    'formats-layer: server/src/formats/text.ts → server/src/model/facts.ts',
    'engine-layer: server/src/engine/workspace.ts → server/src/lsp/diagnostics.ts',
    'front-ends-stay-on-top: server/src/engine/workspace.ts → server/src/lsp/diagnostics.ts',
    'no-vscode-in-server: server/src/lsp/cycle-b.ts → vscode',
    'model-layer: server/src/model/facts.ts → server/src/edits/job.ts',
    'no-rule-imports-a-rule: server/src/rules/a-rule.ts → server/src/rules/b-rule.ts',
    'rules-layer: server/src/rules/a-rule.ts → server/src/engine/workspace.ts',
    'server-not-client: server/src/lsp/diagnostics.ts → client/src/ui.ts',
  ].sort());
  const cycles = cruise(tmp, ['server/src', 'client/src', 'common']).filter((v) => v.rule.name === 'no-cycles').map((v) => `${v.from} → ${v.to}`);
  assert.ok(cycles.includes('server/src/lsp/cycle-a.ts → server/src/lsp/cycle-b.ts'), cycles.join('\n'));
});
