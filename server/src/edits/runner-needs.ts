/**
 * Applies a strategy's runner needs ({@link RunnerNeed}) to an existing GitLab Runner config.toml or gitlab-runner
 * Helm values file, as offset edits in the file's own indentation. Only what is missing is added; settings that
 * already satisfy a need are left alone (an existing `privileged = true` stays). Pure (no `vscode`): the picker turns
 * the edits into a reviewable WorkspaceEdit, the tests apply them and re-analyse.
 */
import { ALLOWED_PRIVILEGED_SERVICES, renderRunner, SOCKET_BIND, SOCKET_SUPPRESSION, type Executor, type RunnerNeed } from '../../../common/strategies';
import type { SpanEdit } from '../engine/types';
import { isHelmValues, readHelmValues } from '../formats/helm';
import { insertKeys, insertTable, keyIndent, parseToml, replaceValue, tentry, tget, titems, tstr, ttable, type TArray, type TomlDoc, type TTable } from '../formats/toml';
import { parseYaml } from '../formats/yaml';
import { flag, readRunnerConfig, strings } from '../model/runner';

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
  if (!doc.root || doc.problems.length) { plan.problem = `its runner TOML does not parse (${doc.problems[0]?.message ?? 'empty'})`; return plan; }
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
    if (executor === 'docker') docker(doc, sub, need, add);
    else kubernetes(doc, sub, need, plan, add);
  }
  return finish(plan);
}

type Add = (edit: SpanEdit, label: string) => void;

function docker(doc: TomlDoc, t: TTable, need: RunnerNeed, add: Add) {
  switch (need.kind) {
    case 'privileged-services': {
      const eff = flag(t, 'services_privileged') ?? flag(t, 'privileged') ?? false;
      const allowed = strings(t, 'allowed_privileged_services');
      if (!eff) {
        const e = tentry(t, 'services_privileged');
        if (e) add(replaceValue(doc, e, 'true'), 'Run services privileged (dind needs it)');
        else add(insertKeys(doc, t, ['services_privileged = true']), 'Run services privileged (dind needs it)');
      }
      if (allowed.length === 0 && !eff) {
        add(insertKeys(doc, t, [`allowed_privileged_services = [${ALLOWED_PRIVILEGED_SERVICES.map((s) => JSON.stringify(s)).join(', ')}]`]), 'Allow only docker:*-dind services to run privileged');
      } else if (allowed.length > 0 && !allowed.some((a) => globMatch(a.value, 'docker:29-dind'))) {
        add(appendToArray(doc, tget(t, 'allowed_privileged_services') as TArray, JSON.stringify(ALLOWED_PRIVILEGED_SERVICES[0])), 'Allow docker:*-dind services to run privileged');
      }
      return;
    }
    case 'volume': {
      const vols = strings(t, 'volumes');
      if (vols.some((v) => containerPath(v.value) === need.path)) return;
      const label = `Share ${need.path} between the job and its services`;
      const arr = tget(t, 'volumes');
      if (arr?.kind === 'array') add(appendToArray(doc, arr, JSON.stringify(need.path)), label);
      else add(insertKeys(doc, t, [`volumes = [${JSON.stringify(need.path)}, "/cache"]`]), label);
      return;
    }
    case 'socket-bind': {
      const vols = strings(t, 'volumes');
      if (vols.some((v) => /^\/(var\/)?run\/docker\.sock:/.test(v.value))) return;
      const label = "Bind the host's Docker socket";
      const anon = vols.find((v) => v.value === '/var/run/docker.sock' || v.value === '/run/docker.sock');
      const arr = tget(t, 'volumes');
      const entry = tentry(t, 'volumes');
      if (anon) add({ file: doc.file, start: anon.node.start, end: anon.node.end, newText: JSON.stringify(SOCKET_BIND) }, label);
      else if (arr?.kind === 'array') add(appendToArray(doc, arr, JSON.stringify(SOCKET_BIND)), label);
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

function kubernetes(doc: TomlDoc, k8s: TTable, need: RunnerNeed, plan: RunnerEditPlan, add: Add) {
  switch (need.kind) {
    case 'privileged-services': {
      const sc = ttable(tget(k8s, 'service_container_security_context'));
      const eff = flag(sc, 'privileged') ?? flag(k8s, 'privileged') ?? false;
      if (eff) return;
      const label = 'Run the service containers privileged (dind needs it)';
      const e = tentry(sc, 'privileged');
      if (e) add(replaceValue(doc, e, 'true'), label);
      else if (sc && sc.style === 'header') add(insertKeys(doc, sc, ['privileged = true']), label);
      else if (sc) plan.notes.push('Set privileged = true in service_container_security_context (it is written inline).');
      else add(insertTable(doc, k8s, '[runners.kubernetes.service_container_security_context]', ['privileged = true']), label);
      return;
    }
    case 'volume': {
      const volumes = ttable(tget(k8s, 'volumes'));
      for (const [kind, ent] of volumes?.entries ?? []) {
        for (const item of titems(ent.value)) {
          if (tstr(tget(item, 'mount_path')) !== need.path) continue;
          if (kind === 'secret' || kind === 'config_map' || tget(item, 'read_only') !== undefined && flag(ttable(item), 'read_only')) {
            plan.notes.push(`A read-only ${kind} volume is mounted at ${need.path}; replace it with the empty_dir (dind must write there).`);
          }
          return;
        }
      }
      const names = new Set(titems(tget(volumes, 'empty_dir')).map((i) => tstr(tget(i, 'name'))));
      let name = need.name;
      for (let i = 2; names.has(name); i++) name = `${need.name}-${i}`;
      const lines = [`name = ${JSON.stringify(name)}`, `mount_path = ${JSON.stringify(need.path)}`];
      if (need.medium) lines.push(`medium = ${JSON.stringify(need.medium)}`);
      add(insertTable(doc, k8s, '[[runners.kubernetes.volumes.empty_dir]]', lines), `Mount an empty_dir at ${need.path}`);
      return;
    }
    case 'build-unconfined': {
      const b = ttable(tget(k8s, 'build_container_security_context'));
      const label = 'Unconfined seccomp and AppArmor for the build container (rootless BuildKit)';
      const want = [['seccomp_profile', 'Unconfined'], ['app_armor_profile', 'Unconfined']] as const;
      if (!b) {
        const base = '[runners.kubernetes.build_container_security_context]';
        const lines: string[] = [];
        for (const [k, v] of want) lines.push(`[runners.kubernetes.build_container_security_context.${k}]`, `  type = ${JSON.stringify(v)}`);
        add(insertTable(doc, k8s, base, lines), label);
        return;
      }
      for (const [k, v] of want) {
        const p = ttable(tget(b, k));
        if (tstr(tget(p, 'type')) === v) continue;
        const e = tentry(p, 'type');
        if (e) add(replaceValue(doc, e, JSON.stringify(v)), label);
        else if (p && p.style === 'header') add(insertKeys(doc, p, [`type = ${JSON.stringify(v)}`]), label);
        else if (b.style === 'header' && !p) add(insertTable(doc, b, `[runners.kubernetes.build_container_security_context.${k}]`, [`type = ${JSON.stringify(v)}`]), label);
        else plan.notes.push(`Set build_container_security_context.${k}.type = "${v}".`);
      }
      return;
    }
    case 'socket-bind':
      return;
  }
}

/** Inserts an item before an array's closing bracket, after its last item. */
function appendToArray(doc: TomlDoc, arr: TArray, itemText: string): SpanEdit {
  const last = arr.items[arr.items.length - 1];
  if (last) return { file: doc.file, start: last.end, end: last.end, newText: ', ' + itemText };
  const close = doc.fileText.lastIndexOf(']', arr.end);
  return { file: doc.file, start: close, end: close, newText: itemText };
}

/** The container path of a Docker volume spec (`/p`, `host:/p`, `host:/p:mode`). */
function containerPath(spec: string): string {
  const parts = spec.split(':');
  return parts.length >= 2 ? parts[1] : parts[0];
}

/** Doublestar-ish match, enough for allow-list patterns like `docker:*-dind`. */
function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*').replace(/\?/g, '.') + '$');
  return re.test(name);
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

/** Applies offset edits to a text (for tests and previews). */
export function applyEdits(text: string, edits: SpanEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
