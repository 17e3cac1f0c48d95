/** Facts about shell-executor runners shared by the shell-executor rules. */
import type { Span } from '../engine/types';
import { tentry } from '../formats/toml';
import type { Runner, RunnerView } from './runner';

/** The `executor = "shell"` entry of a runner, as a span. */
export function executorSpan(r: Runner): Span | undefined {
  const e = tentry(r.table, 'executor');
  return e ? { file: r.file, start: e.start, end: e.end } : undefined;
}

/** Where the runners in view say "shell executor", for a finding's `related`. */
export function shellExecutorEntries(view: RunnerView): { at: Span; message: string }[] {
  const out: { at: Span; message: string }[] = [];
  for (const r of view.runners) {
    const at = r.executor === 'shell' ? executorSpan(r) : undefined;
    if (at) out.push({ at, message: 'this runner uses the shell executor' });
  }
  return out;
}
