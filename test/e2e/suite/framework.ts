// A tiny test runner for the extension host (no mocha: nothing to bundle or configure, and results land in a JSON
// file the outer runner reads). Tests run in registration order; a failing test does not stop the next one.
import * as fs from 'fs';

export interface TestResult { name: string; ok: boolean; ms: number; error?: string }
interface TestCase { session: string; name: string; fn: () => Promise<void>; timeoutMs: number }

const tests: TestCase[] = [];

/** Registers a test for a session (= fixture workspace): 'activation' or 'main'. */
export function test(session: string, name: string, fn: () => Promise<void>, timeoutMs = 30_000): void {
  tests.push({ session, name, fn, timeoutMs });
}

export function log(msg: string): void {
  console.log(`[suite] ${msg}`);
}

export async function runTests(session: string, resultsFile?: string): Promise<TestResult[]> {
  const selected = tests.filter((t) => t.session === session);
  if (selected.length === 0) throw new Error(`no tests registered for session "${session}"`);
  const results: TestResult[] = [];
  const write = () => { if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify({ session, tests: results }, null, 2)); };
  for (const t of selected) {
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        t.fn(),
        new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`test timed out after ${t.timeoutMs} ms`)), t.timeoutMs); }),
      ]);
      results.push({ name: t.name, ok: true, ms: Date.now() - t0 });
      log(`PASS ${t.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      const err = e instanceof Error ? (e.stack || e.message) : String(e);
      results.push({ name: t.name, ok: false, ms: Date.now() - t0, error: err });
      log(`FAIL ${t.name} (${Date.now() - t0} ms)\n${err}`);
    } finally {
      clearTimeout(timer);
    }
    write();
  }
  return results;
}
