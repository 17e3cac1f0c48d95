// Entry of the extension-host suite (extensionTestsPath). VS Code calls run(); a rejection = non-zero exit code.
// Which tests run is chosen by params.json next to this bundle ({ session, resultsFile }), written by the runner
// (test/e2e/run.mjs for code-server, test/e2e/test-electron.mjs for a downloaded VS Code).
import * as fs from 'fs';
import * as path from 'path';
import { runTests } from './framework';
import './activation.test';
import './main.test';
import './refactor-docs.test';
import './completion.test';
import './navigation.test';

export async function run(): Promise<void> {
  const params = JSON.parse(fs.readFileSync(path.join(__dirname, 'params.json'), 'utf8')) as { session: string; resultsFile?: string };
  const results = await runTests(params.session, params.resultsFile);
  const failed = results.filter((r) => !r.ok).length;
  if (failed) throw new Error(`${failed} of ${results.length} extension-host tests failed`);
}
