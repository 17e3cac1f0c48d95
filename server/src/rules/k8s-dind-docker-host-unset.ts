import { ciRule, type ReportFix } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { get, items } from '../formats/yaml';
import { tbool, tget } from '../formats/toml';
import { isDns1123, isDockerLibraryImage } from '../model/docker';
import { needsDaemon } from '../model/docker-cli';
import { dindServices, dockerCommands, effVar, tlsOn } from '../model/facts';
import { jobIncomplete, runnerSetsVar, serviceAliases, someRunner } from '../model/daemon';
import { keySpan, valueSpan } from '../model/pipeline';
import { runnerEnvironment } from '../model/runner';
import { addJobVariables } from '../edits/job';
import { shareCertsEdits, shareNote } from '../edits/runner';

export const rule = ciRule({
  id: 'k8s-dind-docker-host-unset',
  severity: 'error',
  summary: 'dind on the Kubernetes executor without DOCKER_HOST',
  check(ctx) {
    const view = ctx.runners;
    const k8s = view.executor === 'kubernetes';
    if (!k8s && view.executor !== 'unknown') return;
    if (!k8s && view.runners.length) return; // mixed executors
    if (someRunner(view, (r) => runnerSetsVar(r, 'DOCKER_HOST') || runnerEnvironment(r).get('FF_KUBERNETES_HONOR_ENTRYPOINT')?.value === 'true' || tbool(tget(tget(r.table, 'feature_flags'), 'FF_KUBERNETES_HONOR_ENTRYPOINT')) === true)) return;
    for (const job of ctx.jobs) {
      const dind = dindServices(job);
      if (dind.length === 0 || jobIncomplete(job, ctx.pipeline)) continue;
      if (!dockerCommands(job).some(needsDaemon)) continue;
      if (effVar(job, 'DOCKER_HOST').state !== 'unset') continue;
      const ff = effVar(job, 'FF_KUBERNETES_HONOR_ENTRYPOINT');
      if (ff.state === 'unknown' || (ff.state === 'set' && ff.value !== 'false')) continue;
      const hint = items(get(job.config, 'tags')).some((t) => t.kind === 'scalar' && /(^|[^a-z])(k8s|kube|kubernetes)/i.test(t.text));
      if (!k8s && !hint) continue;
      const official = job.image !== undefined && isDockerLibraryImage(job.image.ref) && !job.image.ref.hasVariables;
      const svc = dind[0];
      const aliases = svc.aliases ? serviceAliases(svc, true).filter(isDns1123) : [];
      const host = aliases.includes('docker') || aliases.length === 0 ? 'docker' : aliases[aliases.length - 1];
      const tls = tlsOn(job, svc);
      const lead = k8s ? '' : `If this job runs on a Kubernetes executor (its tags suggest so): `;
      const imageNote = official ? '' : ` (unless the job image '${job.image?.ref.raw ?? 'of the runner'}' sets ENV DOCKER_HOST itself)`;
      const message = `DOCKER_HOST is not set on Kubernetes: the client looks for a local socket and fails. ${lead}The Kubernetes executor does not run the image entrypoint, so \`docker-entrypoint.sh\` never sets DOCKER_HOST; the client falls back to unix:///var/run/docker.sock and fails with \`Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\`${imageNote}. Set DOCKER_HOST to the dind service (tcp://${host}:2376 with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, or tcp://${host}:2375 with TLS off).`;
      const fixes: ReportFix[] = [];
      const text = ctx.textOf(job.entry.file);
      if (text !== undefined) {
        const ed = new YamlEditor(job.entry.file, text);
        const certDir = tls.certDir ?? '/certs';
        if (tls.on !== false) {
          const e = addJobVariables(ed, job, [['DOCKER_HOST', `tcp://${host}:2376`], ['DOCKER_TLS_VERIFY', '1'], ['DOCKER_CERT_PATH', `${certDir}/client`]]);
          // the client needs the certificates in a volume the runner shares (dind-tls-certs-not-shared-k8s)
          const share = shareCertsEdits(view, certDir);
          if (e && share) fixes.push({ title: `Set DOCKER_HOST to tcp://${host}:2376 with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH (TLS)${shareNote(share, certDir)}`, preferred: true, edits: [...e, ...share] });
        }
        if (tls.on !== true) {
          const e = addJobVariables(ed, job, [['DOCKER_HOST', `tcp://${host}:2375`]]);
          // with dind's TLS mode unknown, plain 2375 may turn the client's TLS off: a suggestion
          if (e) fixes.push({ title: `Set DOCKER_HOST to tcp://${host}:2375 (TLS off)`, preferred: tls.on === false, kind: tls.on === false ? 'safe' : 'suggestion', edits: e });
        }
      }
      ctx.report({ at: keySpan(job.entry), message, severity: k8s && official ? 'error' : 'warning', fixes, related: [{ at: valueSpan(svc.nameNode ?? svc.node), message: `dind service '${svc.name}'` }] });
    }
  },
});
