import { ciRule, stepDue, type CiContext, clip } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { entry, get, str } from '../formats/yaml';
import { removeVariableEdit } from '../edits/job';
import { valueSpan, type Variable } from '../model/pipeline';

/** The value is exactly `$NAME` or `${NAME}` of its own key. */
function selfReference(v: Variable): boolean {
  if (v.value === undefined || v.valueNode.kind !== 'scalar') return false;
  const m = /^\$(?:\{(\w+)\}|(\w+))$/.exec(v.value.trim());
  return !!m && (m[1] ?? m[2]) === v.name;
}

/** `expand: false` keeps the value as a literal `$NAME` on purpose. */
function literal(v: Variable): boolean { return str(get(v.entry.value, 'expand')) === 'false'; }

function* check(ctx: CiContext): Generator<void, void, void> {
  const p = ctx.pipeline;
  // trigger jobs hand their variables to a downstream pipeline: `NAME: $NAME` forwards the upstream value there
  const triggers = p.jobs.filter((j) => entry(j.config, 'trigger'));
  const seen = new Set<unknown>();
  const candidates: Variable[] = [];
  if (!triggers.length) for (const v of p.globalVariables.values()) candidates.push(v);
  let i = 0;
  for (const job of p.jobs) {
    if (stepDue(i++)) yield; // in steps: a big pipeline's jobs are many
    if (entry(job.config, 'trigger')) continue;
    for (const v of job.variables.values()) if (v.scope === 'job') candidates.push(v);
  }
  let n = 0;
  for (const v of candidates) {
    if (stepDue(n++)) yield;
    if (seen.has(v.entry) || !selfReference(v) || literal(v)) continue;
    seen.add(v.entry);
    const text = ctx.textOf(v.entry.file);
    const edit = text !== undefined ? removeVariableEdit(new YamlEditor(v.entry.file, text), p, v) : undefined;
    ctx.report({
      at: valueSpan(v.valueNode),
      message: `${clip(v.name, 30)} refers to itself: the line does nothing or expands to an empty value. ${v.name}: ${v.value} refers to itself. If ${v.name} is also a project, group or pipeline variable, that value wins anyway and this line does nothing; if it is not, the variable is not set to anything useful (${v.scope === 'job' ? 'and it hides a global value of the same name' : 'an empty or literal value'}), and commands using it fail in confusing ways. Remove the line and define ${v.name} once.`,
      fixes: edit ? [{ kind: 'suggestion', title: `Remove the self-referencing ${v.name}`, edits: [edit] }] : [],
    });
  }
}

export const rule = ciRule({
  id: 'self-referencing-job-variable',
  severity: 'info',
  summary: 'A variable whose value is only a reference to itself (NAME: $NAME)',
  check,
});
