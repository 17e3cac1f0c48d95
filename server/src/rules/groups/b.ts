/** Catalogue group B: dind TLS, certificates and readiness. */
import type { Rule } from '../../engine/rule';
import { rule as dindTlsPortMismatch } from '../dind-tls-port-mismatch';
import { rule as dindTlsCertsNotSharedK8s } from '../dind-tls-certs-not-shared-k8s';
import { rule as dindTlsClientEnvMissing } from '../dind-tls-client-env-missing';
import { rule as dindTlsCertsNotSharedDocker } from '../dind-tls-certs-not-shared-docker';
import { rule as dindCertsVolumeReadonly } from '../dind-certs-volume-readonly';

export const groupB: Rule[] = [dindTlsPortMismatch, dindTlsClientEnvMissing, dindTlsCertsNotSharedDocker, dindTlsCertsNotSharedK8s, dindCertsVolumeReadonly];
