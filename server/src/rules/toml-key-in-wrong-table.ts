import { runnerRule, type ReportFix, type RunnerConfigContext, clip, thenNote } from '../engine/rule';
import runnerSchemaJson from '../../../schemas/gitlab-runner-config.schema.json';
import { insertKeys, removeLine, type TEntry, type TomlDoc, type TTable, type TValue } from '../formats/toml';
import { entrySpan } from '../model/dind-runner';
import type { Runner } from '../model/runner';

type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; type?: string | string[]; additionalProperties?: boolean | Schema };
const root = runnerSchemaJson as unknown as Schema & { definitions: Record<string, Schema> };

/** Follows `$ref`s within the runner schema. */
function resolve(s: Schema | undefined): Schema | undefined {
  let n = s;
  for (let i = 0; n?.$ref && i < 10; i++) n = root.definitions[n.$ref.replace('#/definitions/', '')];
  return n;
}

/** The object schema of a table (or of the items of an array of tables). */
function tableSchema(s: Schema | undefined, arrayItem: boolean): Schema | undefined {
  const r = resolve(s);
  if (!r) return undefined;
  if (arrayItem) return resolve(r.items) ?? resolve(r.anyOf?.map(resolve).find((x) => x?.items)?.items);
  return r.properties ? r : resolve(r.anyOf?.map(resolve).find((x) => x?.properties)) ?? (r.type === 'object' ? r : undefined);
}

const RUNNER = resolve({ $ref: '#/definitions/runner' })!;

/** Settings whose loss breaks jobs outright (dind and the volumes it needs, the images that run). */
const BREAKING = new Set(['privileged', 'volumes', 'image', 'services', 'allow_privilege_escalation', 'helper_image']);

/** Tables whose keys a misplaced setting belongs to: the runner and its executor tables. */
const OWNERS = new Set(['runners', 'runners.docker', 'runners.kubernetes']);

/**
 * Tables whose keys are all known: closed ones, string maps (labels, selectors) and the executor tables. Free-form
 * tables (a fleeting plugin's plugin_config, …) may hold any key.
 */
function judged(t: TTable, schema: Schema): boolean {
  if (schema.additionalProperties === false) return true;
  if (typeof schema.additionalProperties === 'object' && resolve(schema.additionalProperties)?.type === 'string') return true;
  return t.path === 'runners.docker' || t.path === 'runners.kubernetes';
}

interface Frame { table: TTable; schema: Schema; label: string }

function label(t: TTable, arrayItem: boolean): string { return arrayItem ? `[[${t.path}]]` : `[${t.path}]`; }

function moveFix(doc: TomlDoc, e: TEntry, to: TTable): ReportFix | undefined {
  if (to.style !== 'header' && to.style !== 'root') return undefined;
  if (to.entries.has(e.key)) return undefined; // the right table sets it already: which one is meant is not clear
  const text = doc.fileText.slice(e.start, e.end);
  if (text.includes('\n')) return undefined;
  return { kind: 'suggestion', title: `Move ${e.key} up to ${to.header ? doc.fileText.slice(to.header.start, to.header.end) : 'its table'}${thenNote(e.key === 'privileged' && 'privileged-wider-than-needed')}`, edits: [removeLine(doc, e.start), insertKeys(doc, to, [text])] };
}

function visit(ctx: RunnerConfigContext, r: Runner, t: TTable, schema: Schema, chain: Frame[], arrayItem: boolean): void {
  const here: Frame = { table: t, schema, label: label(t, arrayItem) };
  for (const e of t.entries.values()) {
    const v: TValue = e.value;
    const prop = schema.properties?.[e.key];
    if (v.kind === 'table' || (v.kind === 'array' && v.ofTables)) {
      const child = prop ? tableSchema(prop, v.kind === 'array') : undefined;
      if (!child) continue;
      for (const item of v.kind === 'array' ? v.items : [v]) if (item.kind === 'table') visit(ctx, r, item, child, [...chain, here], v.kind === 'array');
      continue;
    }
    if (prop || !chain.length || t.style !== 'header' || e.keyEnd <= 0 || !judged(t, schema)) continue;
    // a plain key this table does not have: does the runner or its executor table have it? (TOML put it under the last header)
    const owner = [...chain].reverse().find((f) => OWNERS.has(f.table.path) && f.schema.properties?.[e.key]);
    if (!owner) continue;
    const fix = moveFix(r.doc, e, owner.table);
    ctx.report({
      at: entrySpan(r.doc, e),
      severity: BREAKING.has(e.key) ? 'error' : 'warning',
      headline: `'${clip(e.key, 30)}' is not in ${clip(owner.label, 30)}: the runner ignores it.`,
      message: `'${e.key}' is written after the ${here.label} header, so TOML puts it in that table, not in ${owner.label} where it belongs: the runner never sees the setting (it does not reject unknown keys). Move the line up, directly under ${owner.label}, before its sub-table headers.`,
      fixes: fix ? [fix] : [],
    });
  }
}

function check(ctx: RunnerConfigContext): void {
  for (const r of ctx.config.runners) visit(ctx, r, r.table, RUNNER, [], true);
}

export const rule = runnerRule({
  id: 'toml-key-in-wrong-table',
  severity: 'error',
  summary: 'A runner setting written after a sub-table header lands in that sub-table and is ignored',
  check,
});
