/**
 * Per-job rule results kept between analyses of a pipeline, so that an edit re-runs the job-scoped rules only for
 * the jobs whose effective inputs changed.
 *
 * The main CI file is cut into segments, one per top-level entry (from its key at column 0 to the next key). A job's
 * inputs are the segments its effective configuration is made of: its own entry and every entry an alias, `extends`
 * or `!reference` brought a node from. The segments that are not jobs (templates, `default:`, `variables:`,
 * `workflow:`, ...) and the pipeline's other files are one pipeline-wide key: when it changes, every job re-runs.
 * A job-scoped rule's reports for a job are reused when the texts of the job's input segments are unchanged; their
 * offsets in the main file move with the segment they point into (an edit above shifts them). Anything the cache
 * cannot place (a layout that is not one key per entry at column 0, a report into a segment that changed) is
 * re-run. Files other than the main file invalidate the whole cache when they change (the engine drops it).
 */
import { createHash } from 'node:crypto';
import type { ParsedYaml, YValue } from '../formats/yaml';
import type { Job, Pipeline } from '../model/pipeline';
import type { Report } from './rule';
import type { Span } from './types';

/** The top-level segments of the main file. */
interface Layout { names: string[]; starts: number[]; end: number; hashes: string[]; index: Map<string, number> }

interface JobSlot { key: string; byRule: (Report[] | undefined)[] }

interface State { globalKey: string; layout: Layout; jobs: Map<string, JobSlot> }

const NONE: Report[] = [];
/** Jobs a rule runs on between two steps of a sliced analysis. */
export const STEP_JOBS = 200;
/** Top-level entries hashed between two steps. */
const STEP_SEGMENTS = 300;
/** Jobs whose inputs {@link JobRuleCache.planSteps} looks up between two steps. */
export const PLAN_STEP_JOBS = 100;

function hash(s: string): string { return createHash('sha1').update(s).digest('base64'); }

function* layoutOf(parsed: ParsedYaml | undefined): Generator<void, Layout | undefined, void> {
  const root = parsed?.root;
  if (!parsed || !root || root.kind !== 'map' || root.flow || parsed.problems.length) return undefined;
  const text = parsed.text;
  const names: string[] = [], starts: number[] = [], hashes: string[] = [];
  const index = new Map<string, number>();
  for (const e of root.entries.values()) {
    const k = names.length;
    if (e.file !== parsed.file || (e.keyStart > 0 && text.charCodeAt(e.keyStart - 1) !== 10) || (k && e.keyStart <= starts[k - 1])) return undefined;
    names.push(e.key); starts.push(k === 0 ? 0 : e.keyStart); index.set(e.key, k);
  }
  if (!names.length) return undefined;
  for (let k = 0; k < names.length; k++) {
    if (k && k % STEP_SEGMENTS === 0) yield;
    hashes.push(hash(text.slice(starts[k], k + 1 < names.length ? starts[k + 1] : text.length)));
  }
  return { names, starts, end: text.length, hashes, index };
}

/** The segment holding an offset (the last one for the end of the text). */
function segmentOf(l: Layout, o: number): number {
  let lo = 0, hi = l.starts.length - 1;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (l.starts[mid] <= o) lo = mid; else hi = mid - 1; }
  return lo;
}

/**
 * The cache of one pipeline (by main file). {@link plan} is called at each analysis with the freshly built pipeline
 * and answers how to run a job-scoped rule: reuse per job, or run it on the jobs that changed.
 */
export class JobRuleCache {
  private state: State | undefined;

  /** For the analysis of `pipeline`: a runner of job-scoped rules, or undefined when this pipeline cannot be cached. */
  plan(pipeline: Pipeline): JobRulePlan | undefined {
    const steps = this.planSteps(pipeline);
    for (;;) { const r = steps.next(); if (r.done) return r.value; }
  }

  /** {@link plan} as steps: yields every {@link PLAN_STEP_JOBS} jobs (and while it hashes the entries of a big file). */
  *planSteps(pipeline: Pipeline): Generator<void, JobRulePlan | undefined, void> {
    const layout = yield* layoutOf(pipeline.parsed.get(pipeline.main));
    if (!layout) { this.state = undefined; return undefined; }
    const jobNames = new Set(pipeline.jobs.map((j) => j.name));
    const global: string[] = [String(pipeline.partial), pipeline.files.join('\n')];
    for (let k = 0; k < layout.names.length; k++) if (!jobNames.has(layout.names[k])) global.push(`${layout.names[k]}\u0000${layout.hashes[k]}`);
    const globalKey = hash(global.join('\u0001'));
    const prev = this.state && this.state.globalKey === globalKey ? this.state : undefined;
    const jobs = new Map<string, JobSlot>();
    const plans: JobPlan[] = [];
    const visited = new Map<YValue, number>();
    for (const job of pipeline.jobs) {
      if (plans.length && plans.length % PLAN_STEP_JOBS === 0) yield;
      if (job.entry.file !== pipeline.main || layout.index.get(job.name) === undefined) { plans.push({ job, slot: undefined, old: undefined }); continue; }
      const { segs, missing } = inputsOf(job, layout, pipeline, visited, plans.length);
      const key = [...segs].sort((a, b) => a - b).filter((k) => jobNames.has(layout.names[k])).map((k) => `${layout.names[k]}\u0000${layout.hashes[k]}`).concat(missing.map((m) => `${m}\u0000-`)).join('\u0001');
      const before = prev?.jobs.get(job.name);
      const old = before && before.key === key ? before : undefined;
      const slot: JobSlot = { key, byRule: [] };
      if (!jobs.has(job.name)) jobs.set(job.name, slot);
      plans.push({ job, slot, old });
    }
    this.state = { globalKey, layout, jobs };
    return new JobRulePlan(plans, pipeline.main, prev?.layout, layout);
  }

  clear(): void { this.state = undefined; }
}

interface JobPlan { job: Job; slot: JobSlot | undefined; old: JobSlot | undefined }

export class JobRulePlan {
  /** Jobs whose reports were reused / computed, over all rules of this analysis (for tests and logs). */
  reused = 0;
  computed = 0;
  constructor(private readonly jobs: JobPlan[], private readonly main: string, private readonly before: Layout | undefined, private readonly now: Layout) {}

  /**
   * Runs a job-scoped rule (index `r` in the engine's rule list) on the jobs whose results cannot be reused:
   * `check(jobs, report)` runs it on a list of jobs (at most {@link STEP_JOBS}, one step each) whose iteration tells
   * which job each report belongs to. Reports go to `report` in job order, as a run over all jobs makes them. A
   * report made outside the loop over the jobs cannot be given to a job: the rule then runs on all jobs at once and
   * nothing of it is kept.
   */
  *run(r: number, check: (jobs: Job[], report: (x: Report) => void) => void, report: (x: Report) => void, oncePerPlace = false): Generator<void, void, void> {
    if (oncePerPlace) {
      // the first report at a place wins, as the rule's own set of reported places does in a run over all jobs
      const taken = new Set<string>();
      const inner = report;
      report = (x) => { const k = `${x.at.file}:${x.at.start}`; if (!taken.has(k)) { taken.add(k); inner(x); } };
    }
    const results: (Report[] | undefined)[] = this.jobs.map((p) => {
      const cached = p.old?.byRule[r];
      const moved = cached && this.before ? this.remapAll(cached) : undefined;
      if (moved) { this.reused++; if (p.slot) p.slot.byRule[r] = moved; }
      return moved;
    });
    const todo: number[] = [];
    results.forEach((x, i) => { if (!x) todo.push(i); });
    for (let b = 0; b < todo.length; b += STEP_JOBS) {
      if (b) yield;
      const batch = todo.slice(b, b + STEP_JOBS);
      for (const i of batch) results[i] = [];
      let current: number | undefined;
      let stray = false;
      const jobs = tracked(batch.map((i) => this.jobs[i].job), (k) => { current = k === undefined ? undefined : batch[k]; });
      try {
        check(jobs, (x) => { if (current === undefined) stray = true; else results[current]!.push(x); });
      } catch (e) {
        // as a run over all jobs: the reports made before the crash, then the crash
        const upTo = current ?? batch[0];
        for (let i = 0; i <= upTo; i++) for (const x of results[i] ?? []) report(x);
        throw e;
      }
      if (stray) {
        for (const p of this.jobs) if (p.slot) p.slot.byRule[r] = undefined;
        check(this.jobs.map((p) => p.job), report);
        return;
      }
      this.computed += batch.length;
      for (const i of batch) { const slot = this.jobs[i].slot; if (slot) slot.byRule[r] = results[i]!.length ? results[i] : NONE; }
    }
    for (const rs of results) for (const x of rs!) report(x);
  }

  private remapAll(rs: Report[]): Report[] | undefined {
    if (!rs.length) return rs;
    const out: Report[] = [];
    for (const x of rs) { const m = this.remap(x); if (!m) return undefined; out.push(m); }
    return out;
  }

  /** A report with its offsets in the main file moved to where their segment is now; undefined when one cannot be placed. */
  private remap(x: Report): Report | undefined {
    let ok = true;
    let changed = false;
    const span = <S extends Span>(s: S): S => {
      if (s.file !== this.main) return s;
      const start = this.move(s.start), end = this.move(s.end, s.start);
      if (start === undefined || end === undefined) { ok = false; return s; }
      if (start === s.start && end === s.end) return s;
      changed = true;
      return { ...s, start, end };
    };
    const at = span(x.at);
    const related = x.related?.map((r) => { const a = span(r.at); return a === r.at ? r : { ...r, at: a }; });
    const fixes = x.fixes?.map((f) => { const edits = f.edits.map(span); return edits.every((e, i) => e === f.edits[i]) ? f : { ...f, edits }; });
    if (!ok) return undefined;
    return changed ? { ...x, at, related, fixes } : x;
  }

  /** An offset of the previous text in the new one: through the segment it lay in (`from`: the span's start). */
  private move(o: number, from = o): number | undefined {
    const b = this.before!, n = this.now;
    const k = segmentOf(b, from);
    const name = b.names[k];
    const k2 = n.index.get(name);
    if (k2 === undefined) return undefined;
    if (b.hashes[k] === n.hashes[k2]) {
      // the segment's text is unchanged: the offset moves with it (its end included: an insertion after it)
      const segEnd = k + 1 < b.names.length ? b.starts[k + 1] : b.end;
      return o > segEnd ? undefined : o - b.starts[k] + n.starts[k2];
    }
    return o === b.starts[k] ? n.starts[k2] : undefined; // the start of a segment that changed (an insertion before its key)
  }
}

/** The jobs as a list whose iteration (`for … of`) calls `at` with the index of the job the loop body is at. */
function tracked(jobs: Job[], at: (k: number | undefined) => void): Job[] {
  const list = jobs.slice();
  Object.defineProperty(list, Symbol.iterator, {
    value: function* () { try { for (let k = 0; k < jobs.length; k++) { at(k); yield jobs[k]; } } finally { at(undefined); } },
  });
  return list;
}

/**
 * The segments of the main file the job's effective configuration is made of, and the names its `extends` chain
 * asks for that do not exist (a job defined later under that name changes it).
 */
function inputsOf(job: Job, layout: Layout, pipeline: Pipeline, visited: Map<YValue, number>, stamp: number): { segs: Set<number>; missing: string[] } {
  const main = pipeline.main;
  const segs = new Set<number>();
  const missing: string[] = [];
  // nodes this job's walk has seen: `visited` maps a node to the stamp of the last job that walked it (one map for
  // the whole plan rather than a set per job: these sets were a fifth of what an edit of a huge file allocated)
  const at = (file: string, o: number) => { if (file === main) segs.add(segmentOf(layout, o)); };
  const walk = (v: YValue | undefined) => {
    if (!v || visited.get(v) === stamp) return;
    visited.set(v, stamp);
    at(v.file, v.start);
    if (v.kind === 'map') for (const e of v.entries.values()) { at(e.file, e.keyStart); walk(e.value); }
    else if (v.kind === 'seq') for (const it of v.items) walk(it);
  };
  at(job.entry.file, job.entry.keyStart);
  walk(job.entry.value);
  walk(job.config);
  walk(job.image?.node);
  for (const s of job.services) walk(s.node);
  for (const s of job.scripts) walk(s.node);
  for (const v of job.variables.values()) { at(v.entry.file, v.entry.keyStart); walk(v.valueNode); }
  // the extends chain by name, as rules read it (an entry may lend no node and still decide whether the job is known)
  const names = new Set<string>();
  const chain = (v: YValue | undefined) => {
    for (const it of v ? (v.kind === 'seq' ? v.items : [v]) : []) {
      if (it.kind !== 'scalar' || names.has(it.text)) continue;
      names.add(it.text);
      const e = pipeline.config.entries.get(it.text);
      if (!e) { missing.push(it.text); continue; }
      at(e.file, e.keyStart);
      chain(e.value.kind === 'map' ? e.value.entries.get('extends')?.value : undefined);
    }
  };
  chain(job.entry.value.kind === 'map' ? job.entry.value.entries.get('extends')?.value : undefined);
  return { segs, missing };
}
