import { runnerRule, type ReportFix } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { insertTable, removeLine, replaceValue, tbool, tentry, tget, ttable, type TEntry, type TomlDoc, type TTable } from '../formats/toml';
import { entrySpan } from '../model/dind-runner';
import type { Runner } from '../model/runner';
import { setKey } from '../edits/runner';

/** The container classes GitLab Runner gives their own security context, with the config key of that context. */
const CLASSES = [
  { name: 'build', key: 'build_container_security_context' },
  { name: 'helper', key: 'helper_container_security_context' },
  { name: 'service', key: 'service_container_security_context' },
  { name: 'init-permissions', key: 'init_permissions_container_security_context' },
] as const;
type Cls = (typeof CLASSES)[number];

interface Effective { cls: Cls; table: TTable | undefined; p: TEntry | undefined; e: TEntry | undefined }

/** Effective flags per class: the container-specific value when set, else `[runners.kubernetes]`'s (runner's `getContainerSecurityContextEffectiveFlagValue`). */
function effective(k: TTable): Effective[] {
  const rp = tentry(k, 'privileged');
  const re = tentry(k, 'allow_privilege_escalation');
  return CLASSES.map((cls) => {
    const table = ttable(tget(k, cls.key));
    return { cls, table, p: tentry(table, 'privileged') ?? rp, e: tentry(table, 'allow_privilege_escalation') ?? re };
  });
}

const invalid = (x: Effective) => !!x.p && !!x.e && tbool(x.p.value) === true && tbool(x.e.value) === false;

/** The entry is alone on its line (so removing the line removes only it). */
function ownLine(doc: TomlDoc, e: TEntry): boolean {
  const line = doc.lines.position(e.start).line;
  const start = doc.lines.lineStarts[line];
  const end = doc.lines.lineEnd(line);
  return doc.fileText.slice(start, e.start).trim() === '' && /^\s*(#.*)?$/.test(doc.fileText.slice(e.end, end));
}

function list(names: string[]): string {
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** New sub-tables of `[runners.kubernetes]` inserted at one place, as a single edit (stable order). */
function tablesEdit(doc: TomlDoc, k: TTable, tables: [string, string[]][]): SpanEdit | undefined {
  if (!tables.length) return undefined;
  const edits = tables.map(([h, lines]) => insertTable(doc, k, h, lines));
  return { ...edits[0], newText: edits.map((e) => e.newText).join('') };
}

/** `allow_privilege_escalation = true` in the context of every listed class (creating the table when absent). */
function allowEscalationFor(r: Runner, k: TTable, classes: Effective[]): SpanEdit[] | undefined {
  const edits: SpanEdit[] = [];
  const tables: [string, string[]][] = [];
  for (const x of classes) {
    if (x.table) { const e = setKey(r.doc, x.table, 'allow_privilege_escalation', 'true'); if (!e) return undefined; edits.push(e); }
    else tables.push([`[runners.kubernetes.${x.cls.key}]`, ['allow_privilege_escalation = true']]);
  }
  if (tables.length && k.style !== 'header') return undefined;
  const t = tablesEdit(r.doc, k, tables);
  if (t) edits.push(t);
  return edits;
}

/** `[runners.kubernetes] privileged = false` and a privileged (escalation-allowing) service container context. */
function servicesOnly(r: Runner, k: TTable, all: Effective[], runnerP: TEntry): SpanEdit[] | undefined {
  const svc = all.find((x) => x.cls.name === 'service')!;
  if (svc.p !== runnerP) return undefined;
  const edits: SpanEdit[] = [replaceValue(r.doc, runnerP, 'false')];
  const escalationFalse = !!svc.e && tbool(svc.e.value) === false;
  if (svc.table) {
    if (svc.table.style !== 'header') return undefined;
    const p = setKey(r.doc, svc.table, 'privileged', 'true');
    if (!p) return undefined;
    edits.push(p);
    if (escalationFalse) { const e = setKey(r.doc, svc.table, 'allow_privilege_escalation', 'true'); if (!e) return undefined; edits.push(e); }
    return mergeInserts(edits);
  }
  if (k.style !== 'header') return undefined;
  edits.push(tablesEdit(r.doc, k, [['[runners.kubernetes.service_container_security_context]', ['privileged = true', ...(escalationFalse ? ['allow_privilege_escalation = true'] : [])]]])!);
  return edits;
}

/** Two key insertions at the same offset become one edit, in order. */
function mergeInserts(edits: SpanEdit[]): SpanEdit[] {
  const out: SpanEdit[] = [];
  for (const e of edits) {
    const same = out.find((o) => o.file === e.file && o.start === e.start && o.end === e.start && e.end === e.start);
    if (same) same.newText += e.newText; else out.push({ ...e });
  }
  return out;
}

export const rule = runnerRule({
  id: 'k8s-privileged-vs-no-escalation',
  severity: 'error',
  summary: 'privileged = true together with allow_privilege_escalation = false: Kubernetes rejects the job pod',
  check(ctx) {
    for (const r of ctx.config.runners) {
      const k = r.kubernetes;
      if (r.executor !== 'kubernetes' || !k) continue;
      const all = effective(k);
      const bad = all.filter(invalid);
      const runnerP = tentry(k, 'privileged');
      const runnerE = tentry(k, 'allow_privilege_escalation');
      // one finding per allow_privilege_escalation = false that takes part
      for (const e of [...new Set(bad.map((x) => x.e!))]) {
        const group = bad.filter((x) => x.e === e);
        const names = group.map((x) => x.cls.name);
        const pEntries = [...new Set(group.map((x) => x.p!))];
        const where = (p: TEntry) => (p === runnerP ? '[runners.kubernetes]' : `[runners.kubernetes.${group.find((x) => x.p === p)!.cls.key}]`);
        const message = `privileged: true with allow_privilege_escalation: false: Kubernetes rejects the job pod. Kubernetes rejects the job pod: the ${list(names)} container${names.length > 1 ? 's' : ''} would get privileged: true (from ${pEntries.map(where).join(', ')}) and allowPrivilegeEscalation: false (this line), and the API server refuses that combination (\`cannot set allowPrivilegeEscalation to false and privileged to true\`), so every job on this runner fails while its pod is created. A privileged container can always escalate: drop allow_privilege_escalation = false for the privileged containers, or run only the service containers (dind) privileged.`;
        const related = pEntries.map((p) => ({ at: entrySpan(r.doc, p), message: `privileged = true (${where(p)})` }));

        const fixes: ReportFix[] = [];
        const runnerLevel = e === runnerE;
        const inheriting = all.filter((x) => x.e === runnerE);
        const partial = runnerLevel && inheriting.some((x) => !invalid(x));
        if (runnerLevel && partial) {
          const edits = allowEscalationFor(r, k, group);
          if (edits) fixes.push({ title: `Allow privilege escalation only for the privileged ${list(names)} container${names.length > 1 ? 's' : ''}`, preferred: true, edits });
        }
        if (!runnerLevel && runnerE && tbool(runnerE.value) === false) {
          // removing the line would inherit [runners.kubernetes]'s false again
          fixes.push({ title: `Set allow_privilege_escalation = true for the ${list(names)} container${names.length > 1 ? 's' : ''}`, preferred: true, edits: [replaceValue(r.doc, e, 'true')] });
        } else if (ownLine(r.doc, e)) {
          fixes.push({ title: `Remove allow_privilege_escalation = false${runnerLevel ? ' from [runners.kubernetes]' : ''}`, preferred: !partial, edits: [removeLine(r.doc, e.start)] });
        }
        if (runnerP && group.every((x) => x.p === runnerP)) {
          const edits = servicesOnly(r, k, all, runnerP);
          if (edits) fixes.push({ title: 'Run only service containers privileged (build and helper containers no longer privileged)', edits });
        }
        ctx.report({ at: entrySpan(r.doc, e), message, related, fixes });
      }
    }
  },
});
