/**
 * How far V8 lets the heap grow past what the last full garbage collection kept. By default V8 picks a factor of up
 * to 4 on a machine with a large heap limit: the language server of a 3000-job file keeps about 70 MB, and each
 * analysis leaves its previous pipeline and rule results behind as garbage, so the heap grew to about 290 MB before
 * V8 collected it (peak RSS ~430 MB). A fixed factor of 1.3 collects that garbage sooner: the peak RSS halves, for
 * a few more (concurrent, incremental) collections. It is not a cap: the heap still grows to whatever the workspace
 * needs, up to Node's usual limit. DIND_DOCTOR_HEAP_GROWING_PERCENT sets another value; 0 keeps V8's own choice.
 * The CLI sets it too: its text report of a 5 MB CI file analyses the file twice (the dry run behind "N problems are
 * fixable"), and the garbage of the first analysis is collected before the second one grows the heap.
 */
import { setFlagsFromString } from 'node:v8';

export const DEFAULT_HEAP_GROWING_PERCENT = 30;

/** The percent to use, from the environment (an integer from 0 to 300; anything else: the default). */
export function heapGrowingPercent(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.DIND_DOCTOR_HEAP_GROWING_PERCENT;
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return DEFAULT_HEAP_GROWING_PERCENT;
  const n = Number(raw);
  return n <= 300 ? n : DEFAULT_HEAP_GROWING_PERCENT;
}

/** Sets V8's heap growing factor for this process (once, at start-up); 0 leaves V8's default. */
export function applyHeapGrowing(percent = heapGrowingPercent()): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
