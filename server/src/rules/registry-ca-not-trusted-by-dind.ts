import { ciRule, clip } from '../engine/rule';
import type { Span } from '../engine/types';
import { readHelmValues, TEMPLATE_FILL } from '../formats/helm';
import { tentry, tstr } from '../formats/toml';
import { entry, get, parseYaml, str } from '../formats/yaml';
import { normPath } from '../model/dind-runner';
import { dindServices } from '../model/facts';
import { valueSpan } from '../model/pipeline';
import { registryTargets } from '../model/registry';
import { dockerVolumes, k8sVolumes, type Runner } from '../model/runner';

type PrivateCa = { at: Span; what: string; gitlabHost?: string };

/**
 * {@link findPrivateCa}, once per runner: a runner is read once per text of its file, and without the memo every
 * analysis of every CI file it serves would parse its Helm values file again.
 */
const privateCas = new WeakMap<Runner, PrivateCa | undefined>();
function privateCa(r: Runner, textOf: (f: string) => string | undefined): PrivateCa | undefined {
  if (!privateCas.has(r)) privateCas.set(r, findPrivateCa(r, textOf));
  return privateCas.get(r);
}

/** Where the runner is told to trust a private CA for GitLab: Helm `certsSecretName`, or `tls-ca-file`. */
function findPrivateCa(r: Runner, textOf: (f: string) => string | undefined): PrivateCa | undefined {
  const url = tstr(r.table.entries.get('url')?.value);
  if (r.helm) {
    const text = textOf(r.file);
    if (text === undefined) return undefined;
    const root = readHelmValues(parseYaml(r.file, text)).valuesRoot;
    const e = entry(root, 'certsSecretName');
    const name = str(e?.value);
    if (e && name && !name.includes('{{')) return { at: valueSpan(e.value), what: `certsSecretName "${name}"`, gitlabHost: hostOf(str(get(root, 'gitlabUrl')) ?? url) };
  }
  const ca = tentry(r.table, 'tls-ca-file');
  if (ca && !tstr(ca.value)?.includes(TEMPLATE_FILL)) return { at: { file: r.file, start: ca.start, end: ca.end }, what: 'tls-ca-file', gitlabHost: hostOf(url) };
  return undefined;
}

function hostOf(url: string | undefined): string | undefined {
  const m = /^https?:\/\/([^/:]+)/.exec(url ?? '');
  return m && !m[1].includes('{') && !m[1].includes(TEMPLATE_FILL) ? m[1].toLowerCase() : undefined;
}
const domainOf = (h: string) => (/^\d+\.\d+\.\d+\.\d+$/.test(h) ? h : h.split('.').slice(-2).join('.'));

/** The runner gives its containers a CA for the Docker daemon (`/etc/docker/certs.d`, the system store). */
function runnerMountsCa(r: Runner): boolean {
  const paths = [...dockerVolumes(r).map((v) => v.container), ...k8sVolumes(r).map((v) => v.mountPath)].map((p) => normPath(p) ?? '');
  return paths.some((p) => p.startsWith('/etc/docker/certs.d') || p.startsWith('/usr/local/share/ca-certificates') || p.startsWith('/etc/ssl/certs'));
}

export const rule = ciRule({
  id: 'registry-ca-not-trusted-by-dind',
  severity: 'info',
  summary: 'The runner trusts a private CA for GitLab, but the dind service that pushes to its registry does not',
  check(ctx) {
    const runners = ctx.runners.runners;
    if (!runners.length || runners.some(runnerMountsCa)) return;
    const cas: PrivateCa[] = [];
    for (const r of runners) {
      const ca = privateCa(r, ctx.textOf);
      if (!ca) return; // every runner must trust a private CA
      cas.push(ca);
    }
    const done = new Set<string>();
    for (const job of ctx.jobs) {
      const svc = dindServices(job).find((s) => s.nameNode);
      if (!svc) continue;
      const cmd = [...(svc.command?.items ?? []), ...(svc.entrypoint?.items ?? [])].join(' ');
      if (/update-ca-certificates|certs\.d|\$/.test(cmd)) continue;
      const { gitlab, hosts } = registryTargets(job);
      const ca = cas[0];
      const same = hosts.filter((h) => ca.gitlabHost && domainOf(h) === domainOf(ca.gitlabHost));
      if (!gitlab && !same.length) continue;
      const key = `${svc.nameNode!.file}:${svc.nameNode!.start}`;
      if (done.has(key)) continue;
      done.add(key);
      const registry = same[0] ?? '$CI_REGISTRY';
      const insecure = /--insecure-registry/.test(cmd);
      ctx.report({
        at: valueSpan(svc.nameNode!),
        message: `dind '${clip(svc.name, 24)}' does not trust the private CA of ${clip(registry, 30)}: pulls and pushes fail. The runner is given a private CA (${ca.what}), but that only makes the runner manager trust GitLab: the dind service '${svc.name}' performs the login, pull and push to ${registry} and needs the CA itself, otherwise \`x509: certificate signed by unknown authority\`${insecure ? ' (here --insecure-registry hides this by turning verification off)' : ''}. Install the CA in the service (command: ["/bin/sh", "-c", "echo \\"$CA_CERTIFICATE\\" > /usr/local/share/ca-certificates/ca.crt && update-ca-certificates && dockerd-entrypoint.sh || exit"]) or mount it at /etc/docker/certs.d/<registry-host>/ca.crt through a runner volume.`,
        related: cas.map((c) => ({ at: c.at, message: 'private CA configured for the runner here' })),
      });
    }
  },
});
