/**
 * A complete dind setup for a job that has no daemon: a `docker:<n>-dind` service, the TLS client variables in the
 * job, and (when a runner config is in view) what the runner must give dind: privileged services and `/certs/client`
 * shared with the build container. Used by
 * every fix that adds a dind service, so none of them leaves a half setup behind (TLS off, a certificate path the
 * build container cannot see, a second service beside one the job already has).
 */
import type { SpanEdit } from '../engine/types';
import type { YamlEditor } from '../formats/yaml-edit';
import { ownMap } from '../model/daemon';
import { entry } from '../formats/yaml';
import type { Job, Service } from '../model/pipeline';
import { svcVar } from '../model/facts';
import { dindStart, tlsOffFlags } from '../model/dind-command';
import { dockerVersion, isDockerLibraryImage } from '../model/docker';
import { knownContainerRunners } from '../model/dind-runner';
import { DIND_ALLOW_PATTERN, runnerNeeds, type Executor } from '../../../common/strategies';
import { matchImage, type Runner } from '../model/runner';
import { addJobService, addJobVariables, suggestedDindImage } from './job';
import { planRunnerEdits } from './runner-needs';

/**
 * Joins edits that insert at one offset into one, in the order that keeps the YAML valid: when the job's last key
 * is `variables:` (or `services:`), the lines that extend that block come before the new key after it.
 */
export function joinJobInserts(job: Job, serviceEdit: SpanEdit, variableEdits: SpanEdit[]): SpanEdit[] {
  const map = ownMap(job);
  const ownVars = map ? entry(map, 'variables') : undefined;
  const ownSvcs = map ? entry(map, 'services') : undefined;
  const varsFirst = ownVars !== undefined && ownSvcs === undefined;
  const ordered = varsFirst ? [...variableEdits, serviceEdit] : [serviceEdit, ...variableEdits];
  const out: SpanEdit[] = [];
  for (const e of ordered) {
    const prev = out.find((o) => o.file === e.file && o.start === e.start && o.end === e.end && o.start === o.end);
    if (prev && e.start === e.end) prev.newText += e.newText; else out.push({ ...e });
  }
  return out;
}

export interface DindSetup {
  image: string;
  /** The job image written in place of an official docker image whose CLI is too old (< 25) for the daemon. */
  cliImage?: string;
  edits: SpanEdit[];
  runnerEdits: SpanEdit[];
  where: string;
}

/**
 * Edits that give `job` a dind service reachable as `alias` with TLS on port 2376: the service, DOCKER_HOST,
 * DOCKER_TLS_CERTDIR, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH in the job (the path built from the job's own
 * DOCKER_TLS_CERTDIR, never from a variable only a service sees), and `/certs/client` shared by every runner in view. Undefined when the job cannot be edited.
 */
export function tlsDindSetup(ed: YamlEditor, job: Job, runners: readonly Runner[], k8s: boolean, alias = 'docker'): DindSetup | undefined {
  const image = suggestedDindImage(job);
  const item: Record<string, unknown> = { name: image, alias };
  // Kubernetes: the pod network's MTU is lower than dind's default 1500 (overlay CNIs), and the runner waits on the TLS port
  if (k8s) { item.command = ['--mtu=1360']; item.variables = { HEALTHCHECK_TCP_PORT: '2376' }; }
  const svcEdit = addJobService(ed, job, item);
  const varEdits = addJobVariables(ed, job, [['DOCKER_HOST', `tcp://${alias}:2376`], ['DOCKER_TLS_CERTDIR', '/certs'], ['DOCKER_TLS_VERIFY', '1'], ['DOCKER_CERT_PATH', '$DOCKER_TLS_CERTDIR/client']]);
  if (!svcEdit || !varEdits) return undefined;
  const edits = joinJobInserts(job, svcEdit, varEdits);
  // a Docker 29 daemon rejects clients older than API 1.44 (Docker 25): bring an old official CLI image along
  let cliImage: string | undefined;
  const ref = job.image?.ref;
  const v = ref && isDockerLibraryImage(ref) && !ref.hasVariables ? dockerVersion(ref) : undefined;
  if (v && v.major < 25 && job.image!.nameNode.file === ed.file) {
    cliImage = image.replace(/-dind$/, '-cli');
    edits.push(ed.replaceScalar(job.image!.nameNode, cliImage));
  }
  const runner = dindRunnerEdits(runners);
  if (!runner) return undefined;
  return { image, cliImage, edits, runnerEdits: runner.edits, where: runner.where };
}

/**
 * Whether the runner edits of a setup start an `allowed_privileged_services` list that another dind image of the
 * pipeline (`otherDind`, e.g. a mirrored `registry.example.com/mirror/docker:29-dind`) does not match: that job's
 * service then loses its privileges (dind-not-in-allowed-privileged-services), which the fix title must announce.
 */
export function allowListLeavesOut(runnerEdits: readonly SpanEdit[], otherDind: readonly string[]): boolean {
  return runnerEdits.some((e) => e.newText.includes('allowed_privileged_services')) && otherDind.some((n) => !n.includes('$') && !matchImage(DIND_ALLOW_PATTERN, n));
}

/** The infos a new dind service brings on its own (advice for every dind daemon), for the fix title to announce. */
export function newDindInfos(k8s: boolean): string[] {
  return k8s ? ['dind-registry-rate-limits'] : ['dind-registry-rate-limits', 'dind-mtu-not-set'];
}

/**
 * What every runner config in view must add for a new TLS dind service: what the picker writes for that strategy
 * (privileged services, /certs/client, on Kubernetes an empty_dir for /var/lib/docker), only where missing, and
 * where that is ('config.toml', 'the Helm values'; '' when nothing). Undefined when a file takes no safe edit.
 */
export function dindRunnerEdits(runners: readonly Runner[]): { edits: SpanEdit[]; where: string } | undefined {
  const edits: SpanEdit[] = [];
  const byFile = new Map(knownContainerRunners(runners).map((r) => [r.doc.file, r]));
  for (const r of byFile.values()) {
    const executor = r.executor as Executor;
    const plan = planRunnerEdits(r.doc.file, r.doc.fileText, executor, runnerNeeds('dind-tls', executor));
    if (plan.problem || plan.notes.length) return undefined;
    edits.push(...plan.edits.map((e) => e.edit));
  }
  return { edits, where: edits.length ? (runners.some((r) => r.helm) ? 'the Helm values' : 'config.toml') : '' };
}

/**
 * Whether a dind service whose image a fix moves to a current release (20.10 or later) then starts slowly: TLS is
 * turned off and dockerd is not given --tls=false, so it waits ~15 s (dind-tls-off-startup-delay reports it).
 */
export function slowStartAfterUpgrade(job: Job, svc: Service): boolean {
  const off = svcVar(job, svc, 'DOCKER_TLS_CERTDIR');
  const start = dindStart(svc);
  return off.state === 'set' && off.value === '' && start.kind === 'entrypoint' && !tlsOffFlags(start.flags).length;
}
