import { ciRule, type CiContext, type ReportFix, clip } from '../engine/rule';
import type { Span, SpanEdit } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import { clientOf } from '../model/dind-command';
import { dindTls, dockerReadOnly, isFragment, isKnown, k8sWritable, normPath, structurallyTemplated, tableSpan } from '../model/dind-runner';
import { dindServices, effVar, jobImageIsOfficialDocker, usesDockerCli, type TlsState } from '../model/facts';
import { valueSpan, type Job, type Service, type Variable } from '../model/pipeline';
import { dockerVolumes, k8sVolumes, type Runner } from '../model/runner';
import { addCertsEmptyDir, addDockerVolume } from '../edits/runner';

/** Writable container paths a runner shares with the job (undefined when some are templated). */
function sharedPaths(r: Runner): { path: string; at: Span }[] | undefined {
  if (r.executor === 'docker') {
    const vols = dockerVolumes(r);
    if (vols.some((v) => !isKnown(v.raw))) return undefined;
    return vols.filter((v) => !dockerReadOnly(v)).map((v) => ({ path: normPath(v.container)!, at: { file: r.file, start: v.node.start, end: v.node.end } }));
  }
  const vols = k8sVolumes(r);
  if (vols.some((v) => v.mountPath === undefined)) return undefined;
  return vols.filter(k8sWritable).map((v) => ({ path: normPath(v.mountPath)!, at: v.mountPathEntry ? { file: r.file, start: v.mountPathEntry.start, end: v.mountPathEntry.end } : tableSpan(r, v.table) }));
}

/** A shared path that looks like a certificate share: `/certs`, `/certs/...`, `.../client`. */
const certLike = (p: string) => p === '/certs' || p.startsWith('/certs/') || /\/client$/.test(p);
/** The DOCKER_TLS_CERTDIR a certificate share serves (`/tls/client` → `/tls`). */
const dirServed = (p: string) => (/\/client$/.test(p) ? p.slice(0, -'/client'.length) || '/' : p);

/** DOCKER_CERT_PATH as the job sees it, with `$DOCKER_TLS_CERTDIR` expanded; undefined when unknown. */
function certPath(job: Job): { variable: Variable; value: string } | undefined {
  const v = effVar(job, 'DOCKER_CERT_PATH');
  if (v.state !== 'set' || v.value === undefined || v.value === '') return undefined;
  let value = v.value;
  if (/\$\{?DOCKER_TLS_CERTDIR\}?/.test(value)) {
    const d = effVar(job, 'DOCKER_TLS_CERTDIR');
    const dir = d.state === 'set' ? d.value : d.state === 'unset' && jobImageIsOfficialDocker(job) ? '/certs' : undefined;
    if (dir === undefined || dir.includes('$')) return undefined;
    value = value.replace(/\$\{?DOCKER_TLS_CERTDIR\}?/g, dir);
  }
  if (value.includes('$')) return undefined;
  return { variable: v.variable, value: normPath(value)! };
}

export const rule = ciRule({
  id: 'dind-certdir-volume-mismatch',
  severity: 'error',
  summary: "dind's certificate directory and the runner's shared certificate volume (or DOCKER_CERT_PATH) disagree",
  check(ctx) {
    const view = ctx.runners;
    const runners = view.runners;
    const runnerKnown = runners.length > 0 && (view.executor === 'docker' || view.executor === 'kubernetes') && !runners.some((r) => structurallyTemplated(r.doc) || isFragment(r));
    for (const job of ctx.jobs) {
      for (const svc of dindServices(job)) {
        if (!svc.nameNode) continue;
        const tls = dindTls(job, svc, runners);
        if (tls.on !== true || !tls.certDir || tls.certDir.includes('$')) continue;
        const client = clientOf(job, svc, view);
        if (client.kind !== 'tcp' || (client.explicit && client.port !== 2376)) continue;
        if (!client.explicit && !usesDockerCli(job)) continue;
        const certDir = normPath(tls.certDir)!;
        if (runnerKnown && checkVolumes(ctx, job, svc, tls, certDir, runners)) continue;
        checkCertPath(ctx, job, svc, certDir, runnerKnown, view.executor === 'unknown' && !runners.length);
      }
    }
  },
});

function editorFor(ctx: CiContext, file: string): YamlEditor | undefined {
  const t = ctx.textOf(file);
  return t === undefined ? undefined : new YamlEditor(file, t);
}

/** The runners share a certificate path, but not `certDir/client`. True when reported. */
function checkVolumes(ctx: CiContext, job: Job, svc: Service, tls: TlsState, certDir: string, runners: Runner[]): boolean {
  const want = `${certDir}/client`;
  const per = runners.map(sharedPaths);
  if (per.some((p) => p === undefined)) return false;
  const shares = per as { path: string; at: Span }[][];
  if (shares.some((s) => s.some((p) => p.path === want || p.path === certDir))) return false;
  const certShares = shares.map((s) => s.filter((p) => certLike(p.path)));
  if (certShares.some((s) => s.length === 0)) return false; // nothing shared at all: dind-tls-certs-not-shared-*
  const served = [...new Set(certShares.flat().map((p) => dirServed(p.path)))];
  const shownAt = certShares.flat()[0];
  const v = tls.variable;
  const message = `dind puts client certs in ${clip(want, 30)}, not shared with the job: TLS fails. dind '${svc.name}' generates its TLS client certificates under ${want} (DOCKER_TLS_CERTDIR is "${certDir}"${v ? '' : ' by the image default'}), but the runner shares ${shownAt.path} instead: the build container finds no certificates there, so the client fails with \`open ${want}/ca.pem: no such file or directory\` (or falls back to tcp://docker:2375 without DOCKER_HOST). Use DOCKER_TLS_CERTDIR: "${served[0]}" to match the volume, or share ${want} on the runner.`;
  const fixes: ReportFix[] = [];
  if (served.length === 1 && v?.valueNode.kind === 'scalar') {
    const ed = editorFor(ctx, v.valueNode.file);
    if (ed) {
      const edits: SpanEdit[] = [ed.replaceScalar(v.valueNode, served[0])];
      // a literal DOCKER_CERT_PATH that followed the old directory follows the new one
      const cp = effVar(job, 'DOCKER_CERT_PATH');
      if (cp.state === 'set' && cp.value !== undefined && normPath(cp.value) === want && cp.variable.valueNode.kind === 'scalar') {
        const ed2 = cp.variable.valueNode.file === ed.file ? ed : editorFor(ctx, cp.variable.valueNode.file);
        if (ed2) edits.push(ed2.replaceScalar(cp.variable.valueNode, `${served[0] === '/' ? '' : served[0]}/client`));
      }
      fixes.push({ title: `Use DOCKER_TLS_CERTDIR: "${served[0]}" (the directory the runner shares)`, preferred: true, edits });
    }
  }
  const edits: SpanEdit[] = [];
  let ok = true;
  for (const r of runners) {
    const e = r.executor === 'docker' ? addDockerVolume(r, want) : addCertsEmptyDir(r, want);
    if (!e) { ok = false; break; }
    edits.push(...e);
  }
  if (ok) fixes.push({ title: `Runner config: share "${want}"`, preferred: fixes.length === 0 ? true : undefined, edits });
  ctx.report({
    at: valueSpan(v ? v.valueNode : svc.nameNode!), message, fixes,
    related: certShares.flat().map((p) => ({ at: p.at, message: `runner shares ${p.path}, not ${want}` })),
  });
  return true;
}

/** DOCKER_CERT_PATH (with TLS verification) points elsewhere than `certDir/client`. */
function checkCertPath(ctx: CiContext, job: Job, svc: Service, certDir: string, runnerKnown: boolean, noRunnerFacts: boolean) {
  const verify = effVar(job, 'DOCKER_TLS_VERIFY');
  if (verify.state !== 'set' || !verify.value) return;
  const cp = certPath(job);
  const want = `${certDir}/client`;
  if (!cp || cp.value === want) return;
  // certificates copied elsewhere by the job's own scripts
  if (job.scripts.some((l) => l.text.includes(cp.value))) return;
  if (!runnerKnown && !noRunnerFacts) return;
  const v = cp.variable;
  const message = `DOCKER_CERT_PATH is "${clip(v.value ?? "", 24)}" but dind writes certificates to ${clip(want, 24)}: TLS fails. DOCKER_CERT_PATH is "${v.value}", but dind '${svc.name}' writes the client certificates (ca.pem, cert.pem, key.pem) to ${want}: the client fails with \`unable to resolve docker endpoint: open ${cp.value}/ca.pem: no such file or directory\`. Set DOCKER_CERT_PATH to "$DOCKER_TLS_CERTDIR/client" (${want}).`;
  const fixes: ReportFix[] = [];
  const ed = v.valueNode.kind === 'scalar' ? editorFor(ctx, v.valueNode.file) : undefined;
  if (ed && v.valueNode.kind === 'scalar') {
    const tlsVar = effVar(job, 'DOCKER_TLS_CERTDIR');
    const val = tlsVar.state === 'set' && tlsVar.value && normPath(tlsVar.value) === certDir ? '$DOCKER_TLS_CERTDIR/client' : want;
    fixes.push({ title: `Set DOCKER_CERT_PATH to "${val}"`, preferred: true, edits: [ed.replaceScalar(v.valueNode, val)] });
  }
  ctx.report({ at: valueSpan(v.valueNode), message, fixes, severity: runnerKnown ? undefined : 'warning', related: [{ at: valueSpan(svc.nameNode!), message: `dind service: certificates in ${want}` }] });
}
