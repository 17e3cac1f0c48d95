/**
 * Answers about jobs from the last built pipeline while an edit waits for (or is in) its analysis, so that hover,
 * completion and code actions never build a pipeline themselves (on a 3000-job file that is a few hundred ms).
 *
 * A pipeline built before the edit describes the old texts. What it says of a job is still right when the edit
 * cannot have changed that job: every changed span (one per file: the text between the common start and the common
 * end of the old and the new text) lies inside top-level entries that are other jobs, none of which the job reads
 * (its own entry, the entries its `extends` chain names, and the entries its values come from through aliases and
 * `!reference`), and the changed lines hold no top-level key (no job or template appears or goes). Templates,
 * `default:`, `variables:` and the other global keywords count as read by every job. Otherwise there is no answer
 * for the job until the analysis has built the new pipeline: less, rather than something wrong. Offsets of the old
 * texts are moved to the new ones (an edit above a job shifts it).
 */
import type { Job, Pipeline } from '../model/pipeline';
import type { Workspace } from '../engine/workspace';
import type { YValue } from '../formats/yaml';
import { LineIndex } from '../formats/text';

/** The changed span between two texts: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new one. */
export interface TextShift { start: number; oldEnd: number; newEnd: number }

/** The span that differs between two texts (undefined when they are equal). */
export function textShift(before: string, after: string): TextShift | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { start, oldEnd: before.length - end, newEnd: after.length - end };
}

/** Where an offset of the old text is in the new one; undefined inside the changed span. */
export function moveOffset(s: TextShift | undefined, o: number): number | undefined {
  if (!s || o < s.start) return o;
  return o >= s.oldEnd ? o + (s.newEnd - s.oldEnd) : undefined;
}

/** Whether the whole lines of `text` around `[start, end)` hold a top-level key (anything at column 0 but a comment). */
function touchesTopLevel(text: string, start: number, end: number): boolean {
  if (start >= end) return false; // nothing removed (or inserted) here
  const from = text.lastIndexOf('\n', start - 1) + 1;
  let to = text.indexOf('\n', Math.max(start, end - 1));
  if (to < 0) to = text.length;
  for (let i = from; i < to; i = text.indexOf('\n', i) + 1 || to) {
    const c = text[i];
    if (c !== undefined && c !== ' ' && c !== '\t' && c !== '#' && c !== '\n' && c !== '\r') return true;
  }
  return false;
}

/** The file's top-level entries (start of each segment: 0 for the first, else its key) and their names. */
function segmentsOf(p: Pipeline, file: string): { names: string[]; starts: number[]; length: number } | undefined {
  const parsed = p.parsed.get(file);
  const root = parsed?.root;
  if (!parsed || root?.kind !== 'map' || root.flow) return undefined;
  const names: string[] = [], starts: number[] = [];
  for (const e of root.entries.values()) {
    if (e.file !== file || (starts.length && e.keyStart <= starts[starts.length - 1])) return undefined;
    names.push(e.key); starts.push(starts.length ? e.keyStart : 0);
  }
  return { names, starts, length: parsed.text.length };
}

function segmentAt(starts: number[], o: number): number {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= o) lo = mid; else hi = mid - 1; }
  return lo;
}

/** `file:segment` of every top-level entry the job reads (its entry, its values' origins, its `extends` chain). */
function inputsOf(job: Job, p: Pipeline, segs: (file: string) => { starts: number[] } | undefined): Set<string> | undefined {
  const out = new Set<string>();
  let unplaced = false;
  const at = (file: string, o: number) => { const s = segs(file); if (s) out.add(`${file}:${segmentAt(s.starts, o)}`); else if (p.parsed.has(file)) unplaced = true; };
  const seen = new Set<YValue>();
  const walk = (v: YValue | undefined) => {
    if (!v || seen.has(v)) return;
    seen.add(v);
    at(v.file, v.start);
    at(v.file, Math.max(v.start, v.end - 1));
    if (v.kind === 'map') for (const e of v.entries.values()) { at(e.file, e.keyStart); walk(e.value); }
    else if (v.kind === 'seq') for (const it of v.items) walk(it);
  };
  at(job.entry.file, job.entry.keyStart);
  walk(job.entry.value);
  walk(job.config);
  const names = new Set<string>();
  const chain = (v: YValue | undefined) => {
    for (const it of v ? (v.kind === 'seq' ? v.items : [v]) : []) {
      if (it.kind !== 'scalar' || names.has(it.text)) continue;
      names.add(it.text);
      const e = p.config.entries.get(it.text);
      if (!e) continue; // a name that is not defined: a new top-level key would be needed, which no usable edit adds
      at(e.file, e.keyStart);
      chain(e.value.kind === 'map' ? e.value.entries.get('extends')?.value : undefined);
    }
  };
  chain(job.entry.value.kind === 'map' ? job.entry.value.entries.get('extends')?.value : undefined);
  return unplaced ? undefined : out;
}

/** What is read of a pipeline's old texts, once per pipeline. */
const pipelineMemo = new WeakMap<Pipeline, { segments: Map<string, ReturnType<typeof segmentsOf>>; jobNames?: Set<string> }>();
function memoOf(p: Pipeline) {
  let m = pipelineMemo.get(p);
  if (!m) pipelineMemo.set(p, (m = { segments: new Map() }));
  return m;
}

/** Changed spans of a pipeline's files against their current texts, memoised per pipeline and current text. */
const shiftMemo = new WeakMap<Pipeline, Map<string, { now: string; shift: TextShift | undefined }>>();
function shiftOf(p: Pipeline, file: string, now: string): TextShift | undefined {
  let byFile = shiftMemo.get(p);
  if (!byFile) shiftMemo.set(p, (byFile = new Map()));
  const hit = byFile.get(file);
  if (hit && hit.now === now) return hit.shift;
  const shift = textShift(p.parsed.get(file)?.text ?? '', now);
  byFile.set(file, { now, shift });
  return shift;
}

/** A pipeline as last built, seen from the current texts. */
export interface ModelView {
  pipeline: Pipeline;
  /** The pipeline was built from the current texts (offsets need no moving, every job holds). */
  current: boolean;
  /** An offset of the pipeline's texts in the current text of `file` (for the parts of jobs that {@link holds}). */
  at(file: string, offset: number): number;
  /** The text of a file as the pipeline read it. */
  textOf(file: string): string | undefined;
  /** The line (0-based) of an offset of the pipeline's texts, in the current text. */
  lineOf(file: string, offset: number): number;
  /** Whether what the pipeline says of this job (one of its jobs or templates) is right for the current texts. */
  holds(job: Job): boolean;
}

/**
 * A pipeline (built from the texts `readFile` gives now when `current`) seen from the current texts; undefined when
 * a file of it cannot be read now.
 */
export function modelView(pipeline: Pipeline, current: boolean, readFile: (file: string) => string | undefined): ModelView | undefined {
  const textOf = (f: string) => pipeline.parsed.get(f)?.text;
  const lineIn = (text: string | undefined, o: number) => (text === undefined ? 0 : LineIndex.of(text).position(o).line);
  if (current) return { pipeline, current, at: (_f, o) => o, textOf, lineOf: (f, o) => lineIn(textOf(f), o), holds: () => true };
  const shifts = new Map<string, TextShift>();
  const nowText = new Map<string, string>();
  for (const f of pipeline.files) {
    let now: string | undefined;
    try { now = readFile(f); } catch { now = undefined; }
    if (now === undefined) return undefined;
    const s = shiftOf(pipeline, f, now);
    if (s) { shifts.set(f, s); nowText.set(f, now); }
  }
  const memo = memoOf(pipeline);
  const segs = (f: string) => { if (!memo.segments.has(f)) memo.segments.set(f, segmentsOf(pipeline, f)); return memo.segments.get(f); };
  // the segments the changed spans touch: each must be a job's (checked per job below); undefined: nothing holds
  let touched: { file: string; k: number; name: string }[] | undefined = [];
  for (const [f, s] of shifts) {
    const sg = segs(f);
    if (!sg || !sg.names.length || touchesTopLevel(textOf(f)!, s.start, s.oldEnd) || touchesTopLevel(nowText.get(f)!, s.start, s.newEnd)) { touched = undefined; break; }
    // lines inserted at a line start continue the entry above (nothing at column 0 was inserted: checked above)
    const old = textOf(f)!;
    const from = s.oldEnd === s.start && s.start > 0 && old.charCodeAt(s.start - 1) === 10 ? s.start - 1 : s.start;
    const first = segmentAt(sg.starts, from), last = segmentAt(sg.starts, Math.max(from, s.oldEnd - 1));
    for (let k = first; k <= last; k++) touched.push({ file: f, k, name: sg.names[k] });
  }
  const jobNames = (memo.jobNames ??= new Set(pipeline.jobs.map((j) => j.name)));
  const holds = (job: Job): boolean => {
    if (!touched) return false;
    if (!touched.length) return true;
    if (touched.some((t) => !jobNames.has(t.name) || t.name === job.name)) return false;
    const inputs = inputsOf(job, pipeline, segs);
    return !!inputs && !touched.some((t) => inputs.has(`${t.file}:${t.k}`));
  };
  const at = (f: string, o: number) => moveOffset(shifts.get(f), o) ?? o;
  return { pipeline, current, textOf, at, lineOf: (f, o) => lineIn(nowText.get(f) ?? textOf(f), at(f, o)), holds };
}

/** The views of the pipelines the file was last built into; `build`: when none was ever built, build them now. */
export function modelViews(ws: Workspace, path: string, readFile: (file: string) => string | undefined, build = false): ModelView[] {
  let models = ws.lastPipelines(path);
  if (!models.length && build) models = ws.pipelinesOf(path).map((pipeline) => ({ pipeline, current: true }));
  return models.flatMap(({ pipeline, current }) => modelView(pipeline, current, readFile) ?? []);
}

/**
 * A job or template by name, from the pipelines the file was last built into, when that is right for the current
 * texts (undefined otherwise). `build`: when no pipeline of the file was ever built, build one.
 */
export function jobByName(ws: Workspace, path: string, name: string, readFile: (file: string) => string | undefined, build = false): { job: Job; view: ModelView } | undefined {
  for (const view of modelViews(ws, path, readFile, build)) {
    const job = view.pipeline.jobNamed(name);
    if (job) return view.holds(job) ? { job, view } : undefined;
  }
  return undefined;
}
