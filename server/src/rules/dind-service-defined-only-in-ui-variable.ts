import { ciRule, clip, type CiContext, type ReportFix } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import { get } from '../formats/yaml';
import { addJobVariables } from '../edits/job';
import { jobIncomplete, runnerSetsVar } from '../model/daemon';
import { dindServices, svcVar } from '../model/facts';
import { valueSpan, type Job, type Variable } from '../model/pipeline';
import { isDockerLibraryImage } from '../model/docker';

const NAME = 'DOCKER_TLS_CERTDIR';
const REF = /\$(\{DOCKER_TLS_CERTDIR\}|DOCKER_TLS_CERTDIR\b)/;

/** The YAML variables of the job (and of its dind services) whose value uses $DOCKER_TLS_CERTDIR. */
function referencing(job: Job): Variable[] {
  const out: Variable[] = [...job.variables.values()].filter((v) => v.value !== undefined && REF.test(v.value));
  for (const s of dindServices(job)) for (const v of s.variables.values()) if (v.value !== undefined && REF.test(v.value)) out.push(v);
  return out;
}

function fixFor(ctx: CiContext, job: Job, v: Variable): ReportFix | undefined {
  const text = ctx.textOf(v.entry.file);
  if (text === undefined) return undefined;
  const ed = new YamlEditor(v.entry.file, text);
  let edits: SpanEdit[] | undefined;
  if (v.scope === 'global') {
    const map = get(ctx.pipeline.config, 'variables');
    if (map?.kind !== 'map' || map.file !== v.entry.file || map.entries.get(v.name) !== v.entry || map.entries.size === 0) return undefined;
    edits = [ed.insertEntry(map, NAME, '/certs')];
  } else if (v.scope === 'job') edits = addJobVariables(ed, job, [[NAME, '/certs']]);
  return edits ? { kind: 'suggestion', title: `Set ${NAME}: "/certs" in the YAML (what the dind service uses now)`, edits } : undefined;
}

function check(ctx: CiContext): void {
  for (const job of ctx.jobs) {
    const dind = dindServices(job).filter((s) => isDockerLibraryImage(s.ref) && svcVar(job, s, NAME).state === 'unset');
    if (!dind.length || jobIncomplete(job, ctx.pipeline) || ctx.runners.runners.some((r) => runnerSetsVar(r, NAME))) continue;
    const [v] = referencing(job);
    if (!v) continue;
    const fix = fixFor(ctx, job, v);
    ctx.report({
      at: valueSpan(v.valueNode),
      headline: `${clip(v.name, 30)} uses $${NAME}, which no CI file sets: the dind service may not see it.`,
      message: `No variables: in the CI files set ${NAME}. If it comes from the project or group CI/CD settings, it reaches the job container but not the dind service '${dind[0].name}' (services get the YAML and predefined variables only), so the service keeps its image default /certs and the two sides can disagree about TLS; if it is set nowhere, the reference expands to nothing. Set ${NAME} in the YAML variables:, where the job and the service both see it.`,
      fixes: fix ? [fix] : [],
    });
  }
}

export const rule = ciRule({
  id: 'dind-service-defined-only-in-ui-variable',
  severity: 'info',
  summary: 'A dind job relies on DOCKER_TLS_CERTDIR from outside the YAML, which the dind service does not receive',
  check,
});
