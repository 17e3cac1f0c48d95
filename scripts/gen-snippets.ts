// Writes snippets/gitlab-ci.code-snippets and snippets/runner-config.code-snippets from common/strategies.ts
// (run: npx tsx scripts/gen-snippets.ts). test/snippets.test.ts checks that the files match.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSnippets } from '../common/strategies';

const root = join(__dirname, '..');
const { ci, runner } = renderSnippets();
writeFileSync(join(root, 'snippets/gitlab-ci.code-snippets'), JSON.stringify(ci, null, 2) + '\n');
writeFileSync(join(root, 'snippets/runner-config.code-snippets'), JSON.stringify(runner, null, 2) + '\n');
