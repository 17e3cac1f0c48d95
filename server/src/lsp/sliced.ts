/**
 * Analysis off the request loop: the engine's analysis is a generator of steps (`Workspace.analyzeSteps`), run here
 * in slices of a few milliseconds with two `setImmediate` turns between them, so that hover, completion and code
 * action requests that arrive meanwhile are answered before the next slice instead of after the whole analysis.
 */
import { performance } from 'node:perf_hooks';

export interface SlicedRun {
  /** Stops the run: no further step, no callback. */
  cancel(): void;
}

export interface SliceOptions<T> {
  /** Steps are taken until a slice has lasted this long (a single step may last longer). */
  sliceMs: number;
  /** Checked before each slice: true when what the steps read has changed since they began (the run is dropped). */
  stale(): boolean;
  /** The run was dropped as stale. */
  dropped(): void;
  /** The steps ended: their value and the time spent in them (the waits between slices not counted). */
  done(value: T, busyMs: number): void;
  /** A step threw. */
  failed(error: unknown): void;
  /**
   * Checked before each slice: a promise to wait for before going on (a background run gives way to the analysis of
   * the files being edited), or undefined to go on at once.
   */
  waitFor?(): Promise<void> | undefined;
}

/** Runs `steps` to their end in slices; the first slice runs at once (unless `waitFor` says to wait). */
export function runSliced<T>(steps: Generator<void, T, void>, o: SliceOptions<T>): SlicedRun {
  let cancelled = false;
  let busy = 0;
  const slice = () => {
    if (cancelled) return;
    const wait = o.waitFor?.();
    if (wait) { void wait.then(slice); return; }
    if (o.stale()) { cancelled = true; o.dropped(); return; }
    const t0 = performance.now();
    try {
      for (;;) {
        const r = steps.next();
        if (r.done) { cancelled = true; o.done(r.value, busy + performance.now() - t0); return; }
        if (performance.now() - t0 >= o.sliceMs) break;
      }
    } catch (e) {
      cancelled = true;
      o.failed(e);
      return;
    }
    busy += performance.now() - t0;
    // two turns of the event loop: a request read meanwhile (its handling is itself queued with setImmediate) is
    // answered before the next slice, not after it
    setImmediate(() => setImmediate(slice));
  };
  slice();
  return { cancel() { if (!cancelled) { cancelled = true; steps.return(undefined as T); } } };
}
