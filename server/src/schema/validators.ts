/**
 * The ajv validators of both schemas, compiled once, lazily.
 *
 * Two per schema: a fast one (stops at the first error) that answers "valid?" for the common case, and a detailed
 * one (`allErrors`, `verbose`: every error, with its parent schema and data, which messages and severities are
 * built from), compiled on the first invalid file. `verbose` makes ajv build error objects for every failed
 * oneOf/anyOf branch even in valid files, which made validating a valid 1000-job file about three times slower.
 */
import { createHash } from 'node:crypto';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import ciSchemaJson from '../../../schemas/gitlab-ci.json';
import runnerSchemaJson from '../../../schemas/gitlab-runner-config.schema.json';
import { patchCiSchema } from './patches';

interface Compiled { validate: ValidateFunction; compileMs: number }
export interface Pair {
  schema: () => object;
  name: string;
  fast?: Compiled;
  detailed?: Compiled;
  /** The precompiled validators were made from this schema as it is now. */
  fresh?: boolean;
}

let ciSchemaPatched: object | undefined;
export const ciSchema = (): object => (ciSchemaPatched ??= patchCiSchema(ciSchemaJson as Record<string, unknown>));
export const runnerSchema = (): object => runnerSchemaJson;
export const ci: Pair = { schema: ciSchema, name: 'ci' };
export const runner: Pair = { schema: runnerSchema, name: 'runner' };

/** strict: false — GitLab's schema uses `markdownDescription` and union types, ours uses `x-severity`. */
export function ajvOptions(detailed: boolean) {
  return { strict: false, allowUnionTypes: true, validateSchema: false, allErrors: detailed, verbose: detailed, logger: false } as const;
}

/** The identity of a schema as validated (GitLab's with its patches applied): precompiled validators carry it. */
export function schemaFingerprint(schema: object): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}

interface Precompiled { fingerprints?: Record<string, string>; [name: string]: unknown }

/**
 * Validators precompiled at build time (scripts/gen-validators.ts → out/validators.cjs), when the build made them
 * from the schema as it is now: after a change to a schema or a patch without a rebuild, they are stale and the
 * schema is compiled at run time instead (checking costs a few milliseconds once).
 */
let precompiled: Precompiled | undefined | null;
function prebuilt(pair: Pair, detailed: boolean): ValidateFunction | undefined {
  if (precompiled === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      precompiled = require('../../../out/validators.cjs') as Precompiled;
    } catch { precompiled = null; }
  }
  if (!precompiled) return undefined;
  pair.fresh ??= precompiled.fingerprints?.[pair.name] === schemaFingerprint(pair.schema());
  return pair.fresh ? (precompiled[`${pair.name}${detailed ? 'Detailed' : 'Fast'}`] as ValidateFunction | undefined) : undefined;
}

function compile(pair: Pair, detailed: boolean): Compiled {
  const t0 = performance.now();
  const ready = prebuilt(pair, detailed);
  if (ready) return { validate: ready, compileMs: performance.now() - t0 };
  const ajv = new Ajv(ajvOptions(detailed));
  addFormats(ajv);
  const validate = ajv.compile(pair.schema());
  return { validate, compileMs: performance.now() - t0 };
}

/** Validates `data`; the detailed errors when it is not valid, else undefined. */
export function schemaErrors(pair: Pair, data: unknown): ErrorObject[] | undefined {
  const fast = fastOf(pair);
  if (fast(data)) return undefined;
  // The detailed pass is slow on a big file, so it only sees the top-level entries that fail on their own (the
  // root schemas have no constraint across top-level keys); error paths are the same as in the whole file.
  let subject = data;
  if (isPlainObject(data)) {
    const keys = Object.keys(data);
    if (keys.length > 16) {
      const steps = failingEntries(fast, keys.map((k) => [k, () => data[k]] as const));
      let r = steps.next();
      while (!r.done) r = steps.next();
      const failing = r.value;
      if (failing) subject = failing;
    }
  }
  return detailedErrors(pair, subject);
}

/**
 * {@link schemaErrors} of a root object given one top-level entry at a time, each converted only when it is checked
 * (the plain copy of a huge file never exists whole). Same errors as for the whole object: the root schemas have no
 * constraint across top-level keys.
 */
export function schemaErrorsByEntry(pair: Pair, entries: Iterable<readonly [string, () => unknown]>, valid?: (key: string) => void): ErrorObject[] | undefined {
  const steps = schemaErrorsByEntrySteps(pair, entries, Infinity, valid);
  for (;;) { const r = steps.next(); if (r.done) return r.value; }
}

/** {@link schemaErrorsByEntry} as steps: yields every `perStep` entries checked, and before the detailed pass. */
export function* schemaErrorsByEntrySteps(pair: Pair, entries: Iterable<readonly [string, () => unknown]>, perStep: number, valid?: (key: string) => void): Generator<void, ErrorObject[] | undefined, void> {
  const failing = yield* failingEntries(fastOf(pair), entries, perStep, valid);
  if (!failing) return undefined;
  yield;
  return detailedErrors(pair, failing);
}

function fastOf(pair: Pair): (d: unknown) => boolean {
  pair.fast ??= compile(pair, false);
  return pair.fast.validate as (d: unknown) => boolean; // not the type guard: `data` stays `unknown`
}

function detailedErrors(pair: Pair, subject: unknown): ErrorObject[] {
  pair.detailed ??= compile(pair, true);
  pair.detailed.validate(subject);
  return pair.detailed.validate.errors ?? [];
}

/** The top-level entries that fail the fast validator on their own, as one object; undefined when none does. `valid` hears of the others. */
function* failingEntries(fast: (d: unknown) => boolean, entries: Iterable<readonly [string, () => unknown]>, perStep = Infinity, valid?: (key: string) => void): Generator<void, Record<string, unknown> | undefined, void> {
  const failing: Record<string, unknown> = Object.create(null);
  let any = false;
  let n = 0;
  for (const [k, value] of entries) {
    if (n > 0 && n % perStep === 0) yield;
    n++;
    const one: Record<string, unknown> = Object.create(null);
    one[k] = value();
    if (!fast(one)) { failing[k] = one[k]; any = true; } else valid?.(k);
  }
  return any ? failing : undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> { return typeof v === 'object' && v !== null && !Array.isArray(v); }

/** Compile times (ms) of the validators compiled so far; for the benchmark and the server's trace output. */
export function schemaCompileTimes(): { ci?: number; ciDetailed?: number; runner?: number; runnerDetailed?: number } {
  return { ci: ci.fast?.compileMs, ciDetailed: ci.detailed?.compileMs, runner: runner.fast?.compileMs, runnerDetailed: runner.detailed?.compileMs };
}
