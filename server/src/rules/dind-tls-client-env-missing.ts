import { ciRule, type ReportFix } from '../engine/rule';
import { tbool, tget, ttable } from '../formats/toml';
import { YamlEditor } from '../formats/yaml-edit';
import { insertSiblingVars } from '../edits/job';
import { isLocalHost } from '../model/docker';
import { dindTls, runnerEnvSets } from '../model/dind-runner';
import { dindServices, dockerHost, effVar, jobImageIsOfficialDocker } from '../model/facts';
import { valueSpan } from '../model/pipeline';
import { runnerEnvironment, type Runner } from '../model/runner';

const HONOR = 'FF_KUBERNETES_HONOR_ENTRYPOINT';

function runnerHonorsEntrypoint(r: Runner): boolean | undefined {
  const ff = tget(ttable(tget(r.table, 'feature_flags')), HONOR);
  if (ff) return tbool(ff) ?? true;
  const env = runnerEnvironment(r).get(HONOR);
  return env ? /^(1|true)$/i.test(env.value) : false;
}

export const rule = ciRule({
  id: 'dind-tls-client-env-missing',
  severity: 'error',
  summary: 'TLS client variables are missing where the docker image entrypoint does not set them',
  check(ctx) {
    const runners = ctx.runners.runners;
    const exec = ctx.runners.executor;
    for (const job of ctx.jobs) {
      const host = dockerHost(job);
      if (host.state !== 'set' || host.host.scheme !== 'tcp' || host.host.port !== 2376 || !host.host.host) continue;
      const verify = effVar(job, 'DOCKER_TLS_VERIFY');
      const certPath = effVar(job, 'DOCKER_CERT_PATH');
      if (verify.state === 'unknown' || certPath.state === 'unknown') continue;
      const has = (v: typeof verify) => v.state === 'set' && v.value !== '';
      const missing = [!has(verify) && 'DOCKER_TLS_VERIFY', !has(certPath) && 'DOCKER_CERT_PATH'].filter((x): x is string => !!x);
      if (!missing.length || missing.some((m) => runnerEnvSets(runners, m))) continue;
      const hhonor = effVar(job, HONOR);
      if (hhonor.state !== 'unset') continue;
      const official = jobImageIsOfficialDocker(job);
      // where the job image's entrypoint would export the variables, nothing is missing
      let conditional = false;
      if (official) {
        if (exec === 'kubernetes') { if (runners.some((r) => runnerHonorsEntrypoint(r) !== false)) continue; }
        else if (exec === 'unknown' && !runners.length) conditional = true;
        else continue;
      } else if (!job.image || job.image.ref.hasVariables || exec === 'shell' || exec === 'other') continue;
      for (const svc of dindServices(job)) {
        if (!svc.nameNode) continue;
        if (!isLocalHost(host.host.host) && !svc.aliases?.includes(host.host.host)) continue;
        const tls = dindTls(job, svc, runners);
        if (tls.on !== true) continue;
        const certDir = tls.certDir ?? '/certs';
        const where = official ? (conditional ? 'If this job runs on a Kubernetes executor, the' : 'On the Kubernetes executor the') + ' docker image\'s entrypoint does not run' : `The job image '${job.image!.ref.raw}' is not the official docker image, so no entrypoint sets them`;
        const message = `${missing.join(' and ')} not set: the client speaks HTTP to dind's TLS port 2376. ${where}: without ${missing.join(' and ')} the client speaks plain HTTP to dind's TLS port 2376 and fails with \`Error response from daemon: Client sent an HTTP request to an HTTPS server.\` Set DOCKER_TLS_VERIFY: "1" and DOCKER_CERT_PATH: "${certDir}/client" (unless project CI/CD variables, which the linter cannot see, set them).`;
        const v = host.variable;
        const text = ctx.textOf(v.entry.file);
        const fixes: ReportFix[] = [];
        if (text !== undefined) {
          const ed = new YamlEditor(v.entry.file, text);
          const certVal = effVar(job, 'DOCKER_TLS_CERTDIR').state === 'set' && tls.variable && tls.variable.scope !== 'service' ? '$DOCKER_TLS_CERTDIR/client' : `${certDir}/client`;
          const edit = insertSiblingVars(ed, v.entry, ([['DOCKER_TLS_VERIFY', '1'], ['DOCKER_CERT_PATH', certVal]] as const).filter(([k]) => missing.includes(k)));
          if (edit) fixes.push({ title: `Add ${missing.join(' and ')} next to DOCKER_HOST`, preferred: true, edits: [edit] });
        }
        ctx.report({
          at: valueSpan(v.valueNode), message, fixes, severity: conditional ? 'warning' : undefined,
          related: [{ at: valueSpan(svc.nameNode), message: `dind service with TLS (certificates in ${certDir}/client)` }],
        });
        break;
      }
    }
  },
});
