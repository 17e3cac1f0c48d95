import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withTable } from '../scripts/rules-table';

test('README rules table matches the registry (run `npx tsx scripts/rules-table.ts --write`)', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  assert.equal(readme, withTable(readme));
});

test('README quick start names the two commands', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  assert.match(readme, /npm ci && npm start/);
  assert.match(readme, /npm ci && npm test/);
});
