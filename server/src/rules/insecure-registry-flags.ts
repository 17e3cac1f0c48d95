import { defineRule, type CiContext, type ReportFix, clip } from '../engine/rule';
import type { Span, SpanEdit } from '../engine/types';
import { tget, titems, type TScalar } from '../formats/toml';
import { entry, type YValue } from '../formats/yaml';
import { YamlEditor } from '../formats/yaml-edit';
import { exactWord } from '../model/script-words';
import { isKanikoExecutorWord, wordSpan } from '../model/images';
import { jobCommands, valueSpan, type JobCommand, type Service } from '../model/pipeline';
import { runnerServices } from '../model/runner';
import { progName, type Word } from '../model/shell';
import { removeTomlArrayItem } from '../edits/runner';
import { removeSeqItemEdit, removeWordEdit } from '../edits/script';

const KANIKO = /^--(insecure|insecure-pull|insecure-registry|skip-tls-verify|skip-tls-verify-pull|skip-tls-verify-registry)(=|$)/;
const KANIKO_VALUE = new Set(['--insecure-registry', '--skip-tls-verify-registry']);
const TLS_VERIFY_OFF = /^--(src-|dest-)?tls-verify=false$/;

const why = 'Registry TLS verification is disabled: images and registry credentials can be intercepted or swapped by anyone on the path. If the registry uses a private CA, trust that CA instead';
const whereCa = {
  dind: 'for dind: /etc/docker/certs.d/<registry-host>/ca.crt, or install it in the service, see registry-ca-not-trusted-by-dind',
  kaniko: 'for kaniko: append it to /kaniko/ssl/certs/additional-ca-cert-bundle.crt',
  buildah: 'for buildah/podman/skopeo: /etc/containers/certs.d/<registry-host>/ca.crt',
  buildkit: 'for BuildKit: `[registry."<host>"] ca = [...]` in buildkitd.toml',
};

export const rule = defineRule({
  id: 'insecure-registry-flags',
  severity: 'warning',
  summary: 'Registry TLS verification turned off (--insecure-registry, --skip-tls-verify, --tls-verify=false, registry.insecure)',
  runner(ctx) {
    const doc = ctx.config.doc;
    for (const r of ctx.config.runners) for (const s of runnerServices(r)) {
      const cmd = tget(s.table, 'command');
      if (cmd?.kind !== 'array') continue;
      for (const it of titems(cmd)) {
        if (it.kind !== 'scalar' || !String(it.value).startsWith('--insecure-registry')) continue;
        const i = cmd.items.indexOf(it);
        const next = cmd.items[i + 1] as TScalar | undefined;
        const separate = String(it.value) === '--insecure-registry' && next?.kind === 'scalar';
        let edit: SpanEdit;
        if (!separate) edit = removeTomlArrayItem(doc, cmd, it);
        else if (cmd.items[i + 2]) edit = { file: doc.file, start: it.start, end: cmd.items[i + 2].start, newText: '' };
        else if (i > 0) edit = { file: doc.file, start: cmd.items[i - 1].end, end: next!.end, newText: '' };
        else edit = { file: doc.file, start: it.start, end: next!.end, newText: '' };
        const shown = separate ? `--insecure-registry ${String(next!.value)}` : String(it.value);
        ctx.report({
          at: { file: doc.file, start: it.start, end: it.end },
          headline: `Runner service '${clip(s.name, 24)}' uses ${clip(shown, 30)}: registry TLS is off.`,
          message: `The runner-level service '${s.name}' starts dockerd with ${shown}. ${why} (${whereCa.dind}) and remove the flag.`,
          fixes: [{ title: `Remove ${shown} (once the registry's CA is trusted)`, edits: [edit] }],
        });
      }
    }
  },
  ci(ctx) {
    const done = new Set<string>();
    const report = (at: Span, headline: string, message: string, fixes: ReportFix[]) => {
      const key = `${at.file}:${at.start}`;
      if (done.has(key)) return;
      done.add(key);
      ctx.report({ at, headline, message, fixes });
    };
    for (const job of ctx.jobs) {
      for (const svc of job.services) serviceFlags(ctx, svc, report);
      for (const c of jobCommands(job)) commandFlags(ctx, c, report);
    }
  },
});

type Reporter = (at: Span, headline: string, message: string, fixes: ReportFix[]) => void;

function serviceFlags(ctx: CiContext, svc: Service, report: Reporter) {
  const node = svc.command?.node;
  if (!node || node.kind !== 'seq') return;
  const text = ctx.textOf(node.file);
  node.items.forEach((it: YValue, i: number) => {
    if (it.kind !== 'scalar' || typeof it.value !== 'string' || !it.text.includes('--insecure-registry')) return;
    const flagOnly = it.text.startsWith('--insecure-registry');
    const separate = it.text === '--insecure-registry' && node.items[i + 1]?.kind === 'scalar';
    const shown = separate ? `--insecure-registry ${(node.items[i + 1] as { text: string }).text}` : flagOnly ? it.text : '--insecure-registry';
    const fixes: ReportFix[] = [];
    if (flagOnly && text !== undefined && it.file === node.file) {
      const ed = new YamlEditor(node.file, text);
      let edits: (SpanEdit | undefined)[];
      const count = separate ? 2 : 1;
      if (node.items.length === count && svc.node.kind === 'map') {
        const e = entry(svc.node, 'command');
        edits = [e && e.file === ed.file ? ed.removeEntry(svc.node, e) : undefined];
      } else edits = [removeSeqItemEdit(ed, node, it), ...(separate ? [removeSeqItemEdit(ed, node, node.items[i + 1])] : [])];
      if (edits.every((e) => e)) fixes.push({ title: `Remove ${shown} (once the registry's CA is trusted)`, edits: edits as SpanEdit[] });
    }
    report(valueSpan(it), `Service '${clip(svc.name, 24)}' uses ${clip(shown, 36)}: registry TLS is off.`, `The service '${svc.name}' starts dockerd with ${shown}. ${why} (${whereCa.dind}) and remove the flag.`, fixes);
  });
}

function commandFlags(ctx: CiContext, c: JobCommand, report: Reporter) {
  const w0 = c.words[0]?.text ?? '';
  const base = progName(w0);
  const file = c.line.node.file;
  const text = ctx.textOf(file);
  if (text === undefined) return;
  const flag = (w: Word, shown: string, ca: string, value?: Word) => {
    const at = wordSpan(text, c.line, w.start, w.end, w.text);
    if (!at) return;
    const fixes: ReportFix[] = [];
    if (exactWord(text, w) && (!value || exactWord(text, value)) && c.line.node.style !== 'double') {
      const edits = [removeWordEdit(file, text, w), ...(value ? [removeWordEdit(file, text, value)] : [])];
      fixes.push({ title: `Remove ${shown} (once the registry's CA is trusted)`, edits });
    }
    report(at, `\`${clip(base, 16)}\` runs with ${clip(shown, 40)}: registry TLS is off.`, `\`${base}\` runs with ${shown}. ${why} (${ca}) and remove the flag.`, fixes);
  };
  if (isKanikoExecutorWord(w0)) {
    c.words.forEach((w, i) => {
      if (!KANIKO.test(w.text)) return;
      const value = KANIKO_VALUE.has(w.text) ? c.words[i + 1] : undefined;
      flag(w, value ? `${w.text} ${value.text}` : w.text, whereCa.kaniko, value);
    });
    return;
  }
  if (['buildah', 'podman', 'skopeo'].includes(base)) {
    for (const w of c.words) if (TLS_VERIFY_OFF.test(w.text)) flag(w, w.text, whereCa.buildah);
    return;
  }
  if (base === 'dockerd' || base === 'dockerd-entrypoint.sh') {
    c.words.forEach((w, i) => {
      if (!w.text.startsWith('--insecure-registry')) return;
      const value = w.text === '--insecure-registry' ? c.words[i + 1] : undefined;
      flag(w, value ? `${w.text} ${value.text}` : w.text, whereCa.dind, value);
    });
    return;
  }
  if (/^buildctl(-daemonless\.sh)?$/.test(base)) {
    for (const w of c.words) {
      if (!/(^|,)registry\.insecure=true(,|$)/.test(w.text)) continue;
      const at = wordSpan(text, c.line, w.start, w.end, 'registry.insecure=true');
      if (!at) continue;
      const fixes: ReportFix[] = [];
      if (exactWord(text, w) && text[at.start - 1] === ',') fixes.push({ title: 'Remove registry.insecure=true (once the registry\'s CA is trusted)', edits: [{ file, start: at.start - 1, end: at.end, newText: '' }] });
      report(at, `\`${clip(base, 16)}\` pushes with registry.insecure=true: registry TLS is off.`, `\`${base}\` pushes with registry.insecure=true. ${why} (${whereCa.buildkit}) and remove the option.`, fixes);
    }
  }
}
