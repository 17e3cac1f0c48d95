/** Combining edits built by several builders into one fix. */
import type { SpanEdit } from '../engine/types';

/** Merges edits that insert at the same offset into one (their texts in order). */
export function mergeSameOffset(edits: SpanEdit[]): SpanEdit[] {
  const out: SpanEdit[] = [];
  for (const e of edits) {
    const prev = out.find((o) => o.file === e.file && o.start === e.start && o.end === e.end && o.start === o.end);
    if (prev && e.start === e.end) prev.newText += e.newText; else out.push({ ...e });
  }
  return out;
}
