// The main job: lint the bundled examples with the packaged CLI and print the findings. The broken examples are
// supposed to have findings (exit code 1 of the CLI is the expected outcome there); the fixed one must be clean.
import { spawnSync } from 'node:child_process';
const cli = ['dist/cli.js'];
const run = (args) => spawnSync(process.execPath, [...cli, ...args], { stdio: 'inherit' }).status;
console.log('dind-doctor examples/\n');
const broken = run(['examples']);
if (broken !== 0 && broken !== 1) { console.error(`dind-doctor failed (exit ${broken})`); process.exit(broken ?? 2); }
if (broken === 0) { console.error('expected findings in examples/: the broken examples reported nothing'); process.exit(1); }
console.log('\nThe fixed example (examples/fixed-docker-executor) must be clean:');
const fixed = run(['examples/fixed-docker-executor', '--max-warnings', '0']);
if (fixed !== 0) { console.error('examples/fixed-docker-executor has findings'); process.exit(1); }
