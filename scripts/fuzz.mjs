// `npm run fuzz`: the property-based tests of test/fuzz.test.ts, longer. FUZZ_RUNS (default 1000 per property),
// FUZZ_SEED (default: a new one, printed, so a failure can be replayed with FUZZ_SEED=<seed> npm run fuzz).
import { spawnSync } from 'node:child_process';
const env = { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '1000', FUZZ_SEED: process.env.FUZZ_SEED ?? String(Date.now() % 2 ** 31), FUZZ_REPORT: '1' };
console.log(`fuzz: ${env.FUZZ_RUNS} runs per property, seed ${env.FUZZ_SEED}`);
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', 'test/fuzz.test.ts'], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
