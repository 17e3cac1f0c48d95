/** Catalogue group C: privileges and runner security. */
import type { Rule } from '../../engine/rule';
import { rule as dindRequiresPrivileged } from '../dind-requires-privileged';
import { rule as dindNotInAllowedPrivilegedServices } from '../dind-not-in-allowed-privileged-services';

export const groupC: Rule[] = [dindRequiresPrivileged, dindNotInAllowedPrivilegedServices];
