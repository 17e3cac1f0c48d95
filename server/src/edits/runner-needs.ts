/**
 * Applies a strategy's runner needs ({@link RunnerNeed}) to an existing GitLab Runner config.toml or gitlab-runner
 * Helm values file, as offset edits in the file's own indentation, with the same builders as the quick fixes
 * (./runner.ts). Only what is missing is added; settings that already satisfy a need are left alone (an existing
 * `privileged = true` stays). The language server turns the plan into a reviewable WorkspaceEdit for the picker
 * (lsp/runner-settings.ts); the tests apply it and re-analyse.
 */
import { DIND_IMAGE } from '../../../common/pins';
import { DIND_ALLOW_PATTERN, renderRunner, SOCKET_BIND, SOCKET_SUPPRESSION, type Executor, type RunnerNeed } from '../../../common/strategies';
import type { SpanEdit } from '../engine/types';
import { isHelmValues, readHelmValues } from '../formats/helm';
import { insertKeys, keyIndent, parseToml, tentry, tget, titems, ttable, type TomlDoc, type TTable } from '../formats/toml';
import { parseYaml } from '../formats/yaml';
import { dockerReadOnly, dockerVolumesAt, k8sVolumesAt, k8sWritable } from '../model/dind-runner';
import { flag, readRunnerConfig, strings, type Runner } from '../model/runner';
import { addDockerVolume, addEmptyDir, allowPrivilegedService, appendTomlArray, privilegedServiceContainer, unconfinedBuildContainer } from './runner';

export interface LabelledEdit { edit: SpanEdit; label: string }

export interface RunnerEditPlan {
  file: string;
  helm: boolean;
  /** The runner edited: its `name`, or `#<index>`. */
  runner?: string;
  edits: LabelledEdit[];
  /** Why nothing can be applied (no parse, no runner for the executor). */
  problem?: string;
  /** Things the user must change by hand (e.g. a secret mounted where an empty_dir must go). */
  notes: string[];
}

/** Reads a runner config / Helm values text: its TOML document and whether it is Helm values. */
export function readConfig(file: string, text: string): { doc: TomlDoc | undefined; helm: boolean; runnerFile: boolean } {
  if (/\.ya?ml$/i.test(file)) {
    const y = parseYaml(file, text);
    if (!isHelmValues(y)) return { doc: undefined, helm: true, runnerFile: false };
    return { doc: readHelmValues(y).runnerConfig, helm: true, runnerFile: true };
  }
  const doc = parseToml(file, text);
  return { doc, helm: false, runnerFile: titems(tget(doc.root, 'runners')).length > 0 };
}

/** The executor of the first runner in a config text (Helm values: always kubernetes), for the picker's preselection. */
export function executorOf(file: string, text: string): Executor | undefined {
  const { doc, helm, runnerFile } = readConfig(file, text);
  if (!runnerFile) return undefined;
  if (helm) return 'kubernetes';
  if (!doc || !doc.root) return undefined;
  for (const r of readRunnerConfig(doc, helm).runners) {
    if (r.executor === 'docker' || r.executor === 'kubernetes') return r.executor;
  }
  return undefined;
}

export function planRunnerEdits(file: string, text: string, executor: Executor, needs: RunnerNeed[]): RunnerEditPlan {
  const { doc, helm } = readConfig(file, text);
  const plan: RunnerEditPlan = { file, helm, edits: [], notes: [] };
  if (!doc) { plan.problem = 'it has no runners.config string'; return plan; }
  if (!doc.root || doc.problems.length) { plan.problem = `its runner TOML does not parse (${doc.problems[0] ? doc.problems[0].headline ?? doc.problems[0].message : 'empty'})`; return plan; }
  const runner = readRunnerConfig(doc, helm).runners.find((r) => r.executor === executor);
  if (!runner) { plan.problem = `it has no [[runners]] entry with executor "${executor}"`; return plan; }
  plan.runner = runner.name ?? `#${runner.index + 1}`;
  const add = (edit: SpanEdit, label: string) => plan.edits.push({ edit, label });
  const sub = executor === 'docker' ? runner.docker : runner.kubernetes;

  if (!sub || sub.style !== 'header') {
    if (sub && sub.entries.size > 0) { plan.problem = `its [runners.${executor}] table is written inline; add the settings by hand`; return plan; }
    // No executor table yet: insert the whole block as a fresh runner would have it.
    const block = renderRunner(executor, needs, { form: 'helm', dockerVersion: undefined }).split('\n').slice(1).filter((l) => l.trim() !== '');
    const kept = block.filter((l) => !/^\s*(image|namespace) = /.test(l));
    const ind = keyIndent(doc, runner.table);
    const at = doc.lines.lineEnd(doc.lines.position(runner.table.bodyEnd).line);
    add({ file, start: at, end: at, newText: kept.map((l) => doc.eol + ind + l.replace(/^ {2}/, '')).join('') }, `Add [runners.${executor}] for this build strategy`);
    return finish(plan);
  }

  for (const need of needs) {
    if (executor === 'docker') docker(runner, sub, need, plan, add);
    else kubernetes(runner, need, plan, add);
  }
  return finish(plan);
}

type Add = (edit: SpanEdit, label: string) => void;

/** Adds the edits of a shared builder, or a note when it found no safe edit. */
function addAll(edits: SpanEdit[] | undefined, label: string, plan: RunnerEditPlan, add: Add, note: string) {
  if (!edits) plan.notes.push(note);
  else for (const e of edits) add(e, label);
}

function docker(r: Runner, t: TTable, need: RunnerNeed, plan: RunnerEditPlan, add: Add) {
  const doc = r.doc;
  switch (need.kind) {
    case 'privileged-services':
      addAll(allowPrivilegedService(r, DIND_IMAGE), `Run ${DIND_ALLOW_PATTERN} services privileged (dind needs it)`, plan, add,
        `Let [runners.docker] run ${DIND_IMAGE} privileged: services_privileged = true, allowed_privileged_services matching it.`);
      return;
    case 'volume':
      if (dockerVolumesAt(r, need.path).some((v) => !dockerReadOnly(v))) return;
      addAll(addDockerVolume(r, need.path), `Share ${need.path} between the job and its services`, plan, add, `Add "${need.path}" to volumes in [runners.docker].`);
      return;
    case 'socket-bind': {
      const vols = strings(t, 'volumes');
      if (vols.some((v) => /^\/(var\/)?run\/docker\.sock:/.test(v.value))) return;
      const label = "Bind the host's Docker socket";
      const anon = vols.find((v) => v.value === '/var/run/docker.sock' || v.value === '/run/docker.sock');
      const arr = tget(t, 'volumes');
      const entry = tentry(t, 'volumes');
      if (anon) add({ file: doc.file, start: anon.node.start, end: anon.node.end, newText: JSON.stringify(SOCKET_BIND) }, label);
      else if (arr?.kind === 'array') add(appendTomlArray(doc, arr, JSON.stringify(SOCKET_BIND)), label);
      else { add(insertKeys(doc, t, [...SOCKET_SUPPRESSION, `volumes = [${JSON.stringify(SOCKET_BIND)}, "/cache"]`]), label); return; }
      if (entry) {
        const line = doc.lines.position(entry.start).line;
        const start = doc.lines.lineStarts[line];
        add({ file: doc.file, start, end: start, newText: SOCKET_SUPPRESSION.map((c) => doc.lines.indentOf(line) + c + doc.eol).join('') }, 'Note that socket binding was chosen knowingly');
      }
      return;
    }
    case 'build-unconfined':
      return;
  }
}

function kubernetes(r: Runner, need: RunnerNeed, plan: RunnerEditPlan, add: Add) {
  const k8s = r.kubernetes;
  switch (need.kind) {
    case 'privileged-services': {
      const sc = ttable(tget(k8s, 'service_container_security_context'));
      if ((flag(sc, 'privileged') ?? flag(k8s, 'privileged')) === true) return;
      addAll(privilegedServiceContainer(r), 'Run the service containers privileged (dind needs it)', plan, add,
        'Set privileged = true in service_container_security_context (it is written inline).');
      return;
    }
    case 'volume':
      if (k8sVolumesAt(r, need.path).some(k8sWritable)) return;
      addAll(addEmptyDir(r, need.path, need.name, need.medium ?? ''), `Mount an empty_dir at ${need.path}`, plan, add,
        `Mount an empty_dir at ${need.path} by hand (the volume tables there are written inline).`);
      return;
    case 'build-unconfined':
      addAll(unconfinedBuildContainer(r), 'Unconfined seccomp and AppArmor for the build container (rootless BuildKit)', plan, add,
        'Set build_container_security_context seccomp_profile.type and app_armor_profile.type = "Unconfined".');
      return;
    case 'socket-bind':
      return;
  }
}

/** Merges inserts at the same offset (kept in order) so front ends can apply them as independent edits. */
function finish(plan: RunnerEditPlan): RunnerEditPlan {
  const out: LabelledEdit[] = [];
  for (const e of plan.edits) {
    const prev = out.find((o) => o.edit.start === e.edit.start && o.edit.end === e.edit.end && o.edit.start === o.edit.end);
    if (prev && e.edit.start === e.edit.end) { prev.edit = { ...prev.edit, newText: prev.edit.newText + e.edit.newText }; if (!prev.label.includes(e.label)) prev.label += '; ' + e.label; }
    else out.push({ edit: { ...e.edit }, label: e.label });
  }
  out.sort((a, b) => a.edit.start - b.edit.start);
  plan.edits = out;
  return plan;
}
