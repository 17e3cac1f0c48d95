import { ciRule, type ReportFix, clip } from '../engine/rule';
import type { Severity } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import { dindStart, hostFlags, tlsOffFlags, type CmdItem } from '../model/dind-command';
import { isDockerLibraryImage } from '../model/docker';
import { dindTls } from '../model/dind-runner';
import { dindServices, svcVar } from '../model/facts';
import { valueSpan } from '../model/pipeline';
import { removeCommandItems } from '../edits/service';

const DEFAULT_SOCKET = 'unix:///var/run/docker.sock';

export const rule = ciRule({
  id: 'dind-command-conflicting-flags',
  severity: 'warning',
  summary: "dind command flags that conflict with or repeat the entrypoint's own TLS/host flags",
  check(ctx) {
    for (const job of ctx.jobs) {
      for (const svc of dindServices(job)) {
        if (!svc.nameNode || !isDockerLibraryImage(svc.ref)) continue; // a custom image's entrypoint is unknown
        const start = dindStart(svc);
        if (start.kind !== 'entrypoint' || !start.flags.length) continue;
        const tls = dindTls(job, svc, ctx.runners.runners);
        if (tls.on === undefined) continue;
        const why = tls.variable ? `DOCKER_TLS_CERTDIR is "${tls.variable.value}"` : 'DOCKER_TLS_CERTDIR defaults to /certs';
        const svcHost = svcVar(job, svc, 'DOCKER_HOST');
        const customSocket = svcHost.state !== 'unset' && !(svcHost.state === 'set' && !svcHost.value?.startsWith('unix://'));
        const found: { items: CmdItem[]; severity: Severity; message: string }[] = [];
        if (tls.on) {
          for (const f of tlsOffFlags(start.flags)) {
            found.push({ items: [f], severity: 'warning', message: `'${clip(f.text, 30)}' conflicts with DOCKER_TLS_CERTDIR (TLS on): clients may fail. '${f.text}' conflicts with TLS mode: ${why}, so the entrypoint starts dockerd with --tlsverify and TLS certificates, and this flag is appended after them — the daemon's TLS state then depends on dockerd's flag precedence while the clients expect TLS on 2376. Remove it and control TLS only through DOCKER_TLS_CERTDIR (keep --tls=false only together with DOCKER_TLS_CERTDIR: "").` });
          }
        }
        for (const h of hostFlags(start.flags)) {
          const text = h.items.map((i) => i.text).join(' ');
          if (h.scheme === 'tcp' && h.port === 2375 && tls.on) {
            found.push({ items: h.items, severity: 'warning', message: `'${clip(text, 30)}' opens plain 2375 while TLS is on: clients get an HTTPS error. '${text}' adds a second TCP listener while ${why}: the entrypoint already listens on tcp://0.0.0.0:2376 with --tlsverify, which applies to every TCP listener, so a client expecting plain 2375 gets \`Client sent an HTTP request to an HTTPS server.\` Remove it; use port 2376 with TLS, or DOCKER_TLS_CERTDIR: "" for plain 2375.` });
          } else if (h.scheme === 'tcp' && /^tcp:\/\/0\.0\.0\.0:/.test(h.value) && h.port === (tls.on ? 2376 : 2375)) {
            found.push({ items: h.items, severity: 'info', message: `'${clip(text, 40)}' duplicates a listener the entrypoint already adds: remove it. '${text}' is already added by dockerd-entrypoint.sh (${tls.on ? 'TLS on: tcp://0.0.0.0:2376' : 'DOCKER_TLS_CERTDIR is "": tcp://0.0.0.0:2375'}); the duplicate is redundant, and older dockerd versions may refuse duplicate listeners. Remove it.` });
          } else if (h.value === DEFAULT_SOCKET && !customSocket) {
            found.push({ items: h.items, severity: 'info', message: `'${clip(text, 40)}' duplicates the socket the entrypoint already adds: remove it. '${text}' is already added by dockerd-entrypoint.sh (its default unix socket); the duplicate is redundant, and older dockerd versions may refuse duplicate listeners. Remove it.` });
          }
        }
        if (!found.length) continue;
        const t = ctx.textOf(svc.node.file);
        const ed = t === undefined ? undefined : new YamlEditor(svc.node.file, t);
        for (const f of found) {
          const fixes: ReportFix[] = [];
          const edits = ed && removeCommandItems(ed, svc, f.items);
          if (edits) fixes.push({ title: `Remove '${f.items.map((i) => i.text).join(' ')}' from the service command`, preferred: true, edits });
          const first = f.items[0].node, last = f.items[f.items.length - 1].node;
          ctx.report({
            at: { file: first.file, start: first.start, end: last.end }, severity: f.severity, message: f.message, fixes,
            related: tls.variable ? [{ at: valueSpan(tls.variable.valueNode), message: 'TLS mode set here' }] : undefined,
          });
        }
      }
    }
  },
});
