// Renders the README's rules table from the registry. `npx tsx scripts/rules-table.ts --write` updates README.md
// between the markers; test/readme.test.ts fails when the table is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../server/src/rules';

const KIND: Record<string, string> = { 'gitlab-ci': 'CI', 'runner-config': 'runner', 'helm-values': 'Helm' };
export function rulesTable(): string {
  const rows = rules.map((r) => `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.severity} | ${r.fileKinds.map((k) => KIND[k]).join(', ')} | ${r.summary.replace(/\|/g, '\\|')} |`);
  return ['| rule | severity | files | what it catches |', '|---|---|---|---|', ...rows].join('\n');
}
export const START = '<!-- rules:start -->', END = '<!-- rules:end -->';
export function withTable(readme: string): string {
  const a = readme.indexOf(START), b = readme.indexOf(END);
  if (a < 0 || b < 0) throw new Error('README.md has no rules markers');
  return readme.slice(0, a + START.length) + '\n' + rulesTable() + '\n' + readme.slice(b);
}
if (process.argv.includes('--write')) {
  const p = join(__dirname, '..', 'README.md');
  writeFileSync(p, withTable(readFileSync(p, 'utf8')));
}
