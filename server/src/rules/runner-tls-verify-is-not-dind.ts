import { runnerRule, type RunnerConfigContext } from '../engine/rule';
import { tbool, tentry, tstr } from '../formats/toml';
import { entrySpan, runnerHasDindService } from '../model/dind-runner';
import { dindServices } from '../model/facts';

function check(ctx: RunnerConfigContext): void {
  for (const r of ctx.config.runners) {
    if (r.executor !== 'docker') continue;
    const e = tentry(r.docker, 'tls_verify');
    if (!e || tbool(e.value) !== true) continue;
    const host = tstr(tentry(r.docker, 'host')?.value);
    if (host !== undefined && !host.startsWith('unix://')) continue; // a daemon on TCP: tls_verify is meaningful there
    if (!runnerHasDindService(r) && !ctx.pipelines().some((p) => p.jobs.some((j) => dindServices(j).length > 0))) continue;
    ctx.report({
      at: entrySpan(r.doc, e),
      message: 'tls_verify is about the runner\'s own daemon, not dind: it does not turn dind TLS on or off. tls_verify concerns the runner\'s own connection to the Docker daemon it starts containers on (here the local Unix socket, which has no TLS; enabling it needs a daemon listening on a TCP port). It does not enable TLS between jobs and the dind service: that is DOCKER_TLS_CERTDIR on the service and the shared /certs/client volume. Leave tls_verify = false for the local socket.',
    });
  }
}

export const rule = runnerRule({
  id: 'runner-tls-verify-is-not-dind',
  severity: 'info',
  summary: '[runners.docker] tls_verify is about the runner\'s own Docker connection, not TLS to a dind service',
  check,
});
