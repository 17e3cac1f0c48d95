/** Privileged mode, allow-lists and security settings of the runner. */
import type { Rule } from '../../engine/rule';
import { rule as dindRequiresPrivileged } from '../dind-requires-privileged';
import { rule as dindNotInAllowedPrivilegedServices } from '../dind-not-in-allowed-privileged-services';
import { rule as imageOrServiceNotAllowed } from '../image-or-service-not-allowed';
import { rule as k8sPrivilegedVsNoEscalation } from '../k8s-privileged-vs-no-escalation';
import { rule as privilegedWiderThanNeeded } from '../privileged-wider-than-needed';
import { rule as k8sSensitiveHostPath } from '../k8s-sensitive-host-path';
import { rule as k8sDindStorageNotEmptydir } from '../k8s-dind-storage-not-emptydir';

export const privilegeRules: Rule[] = [dindRequiresPrivileged, dindNotInAllowedPrivilegedServices, imageOrServiceNotAllowed, k8sPrivilegedVsNoEscalation, privilegedWiderThanNeeded, k8sSensitiveHostPath, k8sDindStorageNotEmptydir];
