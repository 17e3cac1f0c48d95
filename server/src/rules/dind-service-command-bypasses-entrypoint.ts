import { clip, defineRule, type ReportFix, type RunnerConfigContext } from '../engine/rule';
import type { Severity, SpanEdit } from '../engine/types';
import { removeLine, replaceValue, tentry, tget, titems, type TArray, type TTable } from '../formats/toml';
import { entry, type YScalar } from '../formats/yaml';
import { YamlEditor } from '../formats/yaml-edit';
import { isDindImage, isDockerLibraryImage, parseImageRef } from '../model/docker';
import { clientOf, dindStart, dindStartOf, hostFlags, scriptHosts, tlsOffFlags, wrappedProgram, type CmdItem, type HostFlag } from '../model/dind-command';
import { dindTls, isKnown } from '../model/dind-runner';
import { dindServices } from '../model/facts';
import { valueSpan } from '../model/pipeline';
import type { Runner } from '../model/runner';
import { removeCommandItems } from '../edits/service';
import { progName } from '../model/shell';

/** What starts instead of the entrypoint, as the subject of the message's first sentence. */
function describe(at: CmdItem, via: 'command' | 'entrypoint'): string {
  if (at.text === '') return `\`${via}: [""]\` removes the docker image's entrypoint`;
  if (progName(at.text) === 'dockerd') return `\`${via}\` starts \`${at.text}\` directly`;
  if (wrappedProgram([at]) !== -1) return `\`${via}\` runs '${at.text}' with no program after its options`;
  return `\`${via}\` runs '${at.text}' in place of the image's entrypoint`;
}

/** The headline: what replaces the entrypoint, and what breaks (the client cannot connect, or the set-up is skipped). */
function headline(at: CmdItem, via: 'command' | 'entrypoint', severe: boolean): string {
  const what = at.text === '' ? `\`${via}: [""]\` removes dockerd-entrypoint.sh` : `\`${via}\` '${clip(at.text, 24)}' bypasses dockerd-entrypoint.sh`;
  return `${what}: ${severe ? 'the client cannot connect.' : 'its TLS and set-up are skipped.'}`;
}

function message(what: string, tcp: HostFlag[], severe: boolean, clientPort: number | undefined): string {
  const tail = tcp.length
    ? severe
      ? ` Your own --host flags (${tcp.map((h) => h.value).join(', ')}) do not open port ${clientPort}, so the client fails with \`Cannot connect to the Docker daemon at tcp://…:${clientPort}\`.`
      : ` Your own --host flags (${tcp.map((h) => h.value).join(', ')}) keep it reachable, but the entrypoint's set-up (certificates, stale pid files, iptables modules) is skipped.`
    : severe
      ? ' Without your own --host=tcp://… the daemon listens only on the unix socket inside the service, so the job fails with `Cannot connect to the Docker daemon at tcp://docker:237x. Is the docker daemon running?`'
      : ' Without your own --host=tcp://… the daemon listens only on the unix socket inside the service container.';
  return `${what}, so dockerd-entrypoint.sh never runs: no TLS certificates, no default --host=tcp://0.0.0.0:2375/2376, and DOCKER_TLS_CERTDIR is ignored.${tail} Pass only flags (e.g. command: ["--mtu=1360"]) so the entrypoint keeps its defaults, or have your wrapper start it (entrypoint: ["env", "-u", "DOCKER_HOST", "dockerd-entrypoint.sh"], or ["/bin/sh", "-c", "… && dockerd-entrypoint.sh"]).`;
}

export const rule = defineRule({
  id: 'dind-service-command-bypasses-entrypoint',
  severity: 'error',
  summary: "A dind service's command or entrypoint bypasses dockerd-entrypoint.sh",
  runner(ctx) {
    for (const r of ctx.config.runners) checkRunner(ctx, r);
  },
  ci(ctx) {
    for (const job of ctx.jobs) {
      for (const svc of dindServices(job)) {
        if (!svc.nameNode || !isDockerLibraryImage(svc.ref)) continue; // a custom image's entrypoint is unknown
        const start = dindStart(svc);
        if (start.kind !== 'bypass') continue;
        const all = start.items;
        const hosts = [...hostFlags(all), ...scriptHosts(all)];
        const tcp = hosts.filter((h) => h.scheme === 'tcp');
        const client = clientOf(job, svc, ctx.runners);
        const port = client.kind === 'tcp' ? client.port : undefined;
        const severe = client.kind === 'tcp' && (!tcp.length || (port !== undefined && tcp.every((h) => h.port !== undefined && h.port !== port)));
        const severity: Severity = severe ? 'error' : 'warning';
        const fixes: ReportFix[] = [];
        const ed = (() => { const t = ctx.textOf(svc.node.file); return t === undefined ? undefined : new YamlEditor(svc.node.file, t); })();
        if (ed && start.via === 'command' && !svc.entrypoint && progName(start.at.text) === 'dockerd' && start.at.index === 0 && all.slice(1).every((i) => !i.text.includes('$'))) {
          const tls = dindTls(job, svc, ctx.runners.runners);
          // TLS turned off by DOCKER_TLS_CERTDIR "": the entrypoint then needs --tls=false too, or dockerd waits ~15 s
          // (dind-tls-off-startup-delay); an existing --tls=false stays, else 'dockerd' becomes it
          const tlsOff = tls.on === false && !!tls.variable;
          const offFlags = tlsOffFlags(all);
          const extra = [...hosts.flatMap((h) => h.items), ...(tlsOff ? [] : offFlags)];
          const expected = tls.on === undefined ? undefined : tls.on ? 2376 : 2375;
          const consistent = !extra.length || (expected !== undefined && (client.kind !== 'tcp' || !client.explicit || client.port === expected) && client.kind !== 'unix' && hosts.every((h) => h.scheme === 'tcp' || h.value === 'unix:///var/run/docker.sock'));
          if (consistent) {
            const keepOff = tlsOff && !offFlags.length && start.at.node.kind === 'scalar';
            const edits = keepOff
              ? [...(extra.length ? removeCommandItems(ed, svc, extra) ?? [] : []), ed.replaceScalar(start.at.node as YScalar, '--tls=false')]
              : removeCommandItems(ed, svc, [start.at, ...extra]);
            const title = keepOff ? "Let the entrypoint start dockerd: replace 'dockerd' by --tls=false (TLS stays off)"
              : extra.length ? "Let the entrypoint start dockerd: drop 'dockerd' and its --host/--tls flags" : "Let the entrypoint start dockerd: drop 'dockerd' from command";
            if (edits) fixes.push({ title, preferred: true, edits });
          }
        } else if (ed && start.via === 'entrypoint' && svc.node.kind === 'map' && !svc.command?.items.length) {
          const e = entry(svc.node, 'entrypoint');
          if (e && e.file === ed.file && start.at.index === 0 && start.items.slice(1).every((i) => !/^(--host|-H|--tls)/.test(i.text)) && progName(start.at.text) === 'dockerd') {
            // `entrypoint: ["dockerd", "--flag"]` → `command: ["--flag"]`
            const tls = dindTls(job, svc, ctx.runners.runners);
            const addOff = tls.on === false && !!tls.variable && !tlsOffFlags(start.items).length ? ['"--tls=false"'] : [];
            const flags = [...start.items.slice(1).map((f) => ed.text.slice(f.node.start, f.node.end)), ...addOff];
            const edits: SpanEdit[] = flags.length
              ? [{ file: ed.file, start: e.keyStart, end: e.value.end, newText: `command: [${flags.join(', ')}]` }]
              : [ed.removeEntry(svc.node, e)];
            const title = addOff.length ? 'Let the entrypoint start dockerd: pass the flags as command, with --tls=false (TLS stays off)'
              : flags.length ? 'Let the entrypoint start dockerd: pass the flags as command' : 'Let the entrypoint start dockerd: remove entrypoint';
            if (!flags.length || addOff.length || e.value.kind === 'seq' && e.value.flow) fixes.push({ title, preferred: true, edits });
          }
        }
        ctx.report({
          at: valueSpan(start.at.node as never), severity, fixes,
          headline: headline(start.at, start.via, severe),
          message: message(describe(start.at, start.via), tcp, severe, port ?? 2376),
          related: [{ at: valueSpan(svc.nameNode), message: 'dind service' }],
        });
      }
    }
  },
});

function strItems(v: ReturnType<typeof tget>): CmdItem[] | undefined {
  if (!v) return undefined;
  const list = v.kind === 'array' ? v.items : [v];
  if (list.some((i) => i.kind !== 'scalar')) return undefined;
  return list.map((node, index) => ({ text: node.kind === 'scalar' ? String(node.value) : '', node, index }));
}

/** `[[runners.docker.services]]` / `[[runners.kubernetes.services]]` with a dind image. */
function checkRunner(ctx: RunnerConfigContext, r: Runner) {
  for (const exec of [r.docker, r.kubernetes]) {
    for (const t of titems(tget(exec, 'services'))) {
      if (t.kind !== 'table') continue;
      const name = tget(t, 'name');
      if (name?.kind !== 'scalar' || !isKnown(String(name.value)) || !isDindImage(parseImageRef(String(name.value))) || !isDockerLibraryImage(parseImageRef(String(name.value)))) continue;
      const cmdV = tget(t, 'command');
      const epV = tget(t, 'entrypoint');
      const cmd = strItems(cmdV) ?? [];
      const ep = strItems(epV);
      if ((cmdV && !strItems(cmdV)) || [...cmd, ...(ep ?? [])].some((i) => !isKnown(i.text))) continue;
      const start = dindStartOf(ep, cmd, epV);
      if (start.kind !== 'bypass') continue;
      const hosts = [...hostFlags(start.items), ...scriptHosts(start.items)];
      const tcp = hosts.filter((h) => h.scheme === 'tcp');
      // a runner-level service is reached over the network by every job: no TCP listener is fatal
      const severe = !hosts.length || (!tcp.length && hosts.every((h) => h.value === 'unix:///var/run/docker.sock'));
      const fixes: ReportFix[] = [];
      const ce = tentry(t as TTable, 'command');
      if (start.via === 'command' && !epV && progName(start.at.text) === 'dockerd' && start.at.index === 0 && !hosts.length && !tlsOffFlags(start.items).length && ce && cmdV?.kind === 'array') {
        const rest = (cmdV as TArray).items.slice(1);
        const edit = rest.length ? replaceValue(r.doc, ce, `[${rest.map((i) => r.doc.fileText.slice(i.start, i.end)).join(', ')}]`) : removeLine(r.doc, ce.start);
        fixes.push({ title: "Let the entrypoint start dockerd: drop 'dockerd' from command", preferred: true, edits: [edit] });
      }
      ctx.report({
        at: { file: r.file, start: start.at.node.start, end: start.at.node.end }, severity: severe ? 'error' : 'warning', fixes,
        headline: headline(start.at, start.via, severe),
        message: message(describe(start.at, start.via), tcp, severe, undefined).replace('tcp://docker:237x', 'tcp://<alias>:237x'),
        related: [{ at: { file: r.file, start: name.start, end: name.end }, message: 'runner-level dind service' }],
      });
    }
  }
}
