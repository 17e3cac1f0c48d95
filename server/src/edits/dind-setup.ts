/**
 * A complete dind setup for a job that has no daemon: a `docker:<n>-dind` service, the TLS client variables in the
 * job, and (when a runner config is in view) the runner sharing `/certs/client` with the build container. Used by
 * every fix that adds a dind service, so none of them leaves a half setup behind (TLS off, a certificate path the
 * build container cannot see, a second service beside one the job already has).
 */
import type { SpanEdit } from '../engine/types';
import type { YamlEditor } from '../formats/yaml-edit';
import { insertKeys, insertTable, tentry, type TArray } from '../formats/toml';
import { ownMap } from '../model/daemon';
import { entry } from '../formats/yaml';
import type { Job } from '../model/pipeline';
import { dockerVersion, isDockerLibraryImage } from '../model/docker';
import { dockerVolumes, k8sVolumes, type Runner } from '../model/runner';
import { addJobService, addJobVariables, suggestedDindImage } from './job';
import { appendTomlArray } from './runner';

/** The runner edit that shares `/certs/client` between dind and the build container, or undefined when not needed or not possible. */
export function certsVolumeEdit(r: Runner): SpanEdit | undefined {
  const doc = r.doc;
  if (r.executor === 'docker') {
    if (!r.docker || r.docker.style !== 'header') return undefined;
    if (dockerVolumes(r).some((v) => v.container === '/certs/client' || v.container === '/certs')) return undefined;
    const e = tentry(r.docker, 'volumes');
    if (e) return e.value.kind === 'array' ? appendTomlArray(doc, e.value as TArray, '"/certs/client"') : undefined;
    return insertKeys(doc, r.docker, ['volumes = ["/certs/client"]']);
  }
  if (r.executor === 'kubernetes') {
    if (!r.kubernetes || r.kubernetes.style !== 'header') return undefined;
    if (k8sVolumes(r).some((v) => v.mountPath === '/certs/client' || v.mountPath === '/certs')) return undefined;
    return insertTable(doc, r.kubernetes, '[[runners.kubernetes.volumes.empty_dir]]', ['name = "docker-certs"', 'mount_path = "/certs/client"', 'medium = "Memory"']);
  }
  return undefined;
}

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
  const runnerEdits = runners.map(certsVolumeEdit).filter((e): e is SpanEdit => !!e);
  const where = runners.length ? (runners.some((r) => r.helm) ? 'the Helm values' : 'config.toml') : '';
  return { image, cliImage, edits, runnerEdits, where };
}
