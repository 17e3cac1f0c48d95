import { ciRule, clip } from '../engine/rule';
import { dindServices, dockerCommands, dockerSubcommand } from '../model/facts';
import { normPath } from '../model/dind-runner';
import { valueSpan, type Service } from '../model/pipeline';
import { dockerVolumes, k8sVolumes, runnerServices, strings, type Runner } from '../model/runner';
import { tget, titems, tstr } from '../formats/toml';

const PULLING = new Set(['build', 'pull', 'run', 'compose', 'buildx', 'create', 'image']);

function mirrorState(items: string[]): boolean | undefined {
  if (items.some((i) => i.includes('--registry-mirror'))) return true;
  if (items.some((i) => i.includes('$'))) return undefined;
  return false;
}
const svcMirror = (s: Service) => mirrorState([...(s.command?.items ?? []), ...(s.entrypoint?.items ?? [])]);

/** The runner configures its daemons itself: a daemon.json / /etc/docker mount, or a runner-level service with a mirror. */
function runnerConfiguresDaemon(r: Runner): boolean {
  const paths = [...dockerVolumes(r).map((v) => v.container), ...k8sVolumes(r).map((v) => v.mountPath)].map(normPath);
  if (paths.some((p) => p === '/etc/docker' || p === '/etc/docker/daemon.json')) return true;
  return runnerServices(r).some((s) => titems(tget(s.table, 'command')).some((i) => (tstr(i) ?? '').includes('--registry-mirror')))
    || strings(r.table, 'environment').some((e) => /DOCKER_REGISTRY_MIRROR|registry-mirror/i.test(e.value));
}

/** The image comes from a registry other than Docker Hub (`registry.example.com/…/docker:dind`). */
function privateRegistry(name: string): boolean {
  const first = name.split('/')[0];
  if (!name.includes('/') || !(first.includes('.') || first.includes(':') || first === 'localhost')) return false;
  return !/^(docker\.io|index\.docker\.io|registry-1\.docker\.io|registry\.hub\.docker\.com)$/.test(first);
}

export const rule = ciRule({
  id: 'dind-registry-rate-limits',
  severity: 'info',
  summary: 'dind without a registry mirror pulls every base image from Docker Hub in each job (once per pipeline)',
  check(ctx) {
    if (ctx.runners.runners.some(runnerConfiguresDaemon)) return;
    const all = ctx.jobs.flatMap((j) => dindServices(j));
    if (all.some((s) => svcMirror(s) !== false)) return; // a mirror is configured somewhere (or may be)
    if (all.some((s) => s.ref.name.includes('$') || privateRegistry(s.ref.name))) return; // the site runs its own registry (or proxy)
    for (const job of ctx.jobs) {
      const svc = dindServices(job).find((s) => s.nameNode);
      if (!svc) continue;
      const cmds = dockerCommands(job);
      if (!cmds.some((c) => PULLING.has(dockerSubcommand(c) ?? ''))) continue;
      if (job.scripts.some((l) => l.text.includes('DEPENDENCY_PROXY'))) continue;
      ctx.report({
        at: valueSpan(svc.nameNode!),
        message: `dind '${clip(svc.name, 24)}' has no registry mirror: Docker Hub pulls hit rate limits. The dind service '${svc.name}' starts with an empty image cache and no registry mirror, so every job pulls its base images from Docker Hub again: slow, and anonymous pulls are rate-limited (\`toomanyrequests: You have reached your pull rate limit\`). Configure a mirror (command: ["--registry-mirror", "https://<your-mirror>"], or a daemon.json mounted by the runner) or pull base images through GitLab's dependency proxy. (Reported once per pipeline.)`,
      });
      return;
    }
  },
});
