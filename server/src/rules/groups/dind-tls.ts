/** dind TLS, certificates, how the dind service starts, and readiness. */
import type { Rule } from '../../engine/rule';
import { rule as dindTlsPortMismatch } from '../dind-tls-port-mismatch';
import { rule as dindTlsClientEnvMissing } from '../dind-tls-client-env-missing';
import { rule as dindTlsCertsNotSharedDocker } from '../dind-tls-certs-not-shared-docker';
import { rule as dindTlsCertsNotSharedK8s } from '../dind-tls-certs-not-shared-k8s';
import { rule as dindCertsVolumeReadonly } from '../dind-certs-volume-readonly';
import { rule as dindCertdirVolumeMismatch } from '../dind-certdir-volume-mismatch';
import { rule as dindServiceCommandBypassesEntrypoint } from '../dind-service-command-bypasses-entrypoint';
import { rule as dindCommandConflictingFlags } from '../dind-command-conflicting-flags';
import { rule as dindTlsDisabled } from '../dind-tls-disabled';
import { rule as dindTlsOffStartupDelay } from '../dind-tls-off-startup-delay';
import { rule as k8sDindNoReadinessWait } from '../k8s-dind-no-readiness-wait';
import { rule as healthcheckPortMismatch } from '../healthcheck-port-mismatch';

export const dindTlsRules: Rule[] = [dindTlsPortMismatch, dindTlsClientEnvMissing, dindTlsCertsNotSharedDocker, dindTlsCertsNotSharedK8s, dindCertsVolumeReadonly, dindCertdirVolumeMismatch, dindServiceCommandBypassesEntrypoint, dindCommandConflictingFlags, dindTlsDisabled, dindTlsOffStartupDelay, k8sDindNoReadinessWait, healthcheckPortMismatch];
