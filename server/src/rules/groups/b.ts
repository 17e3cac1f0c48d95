/** Catalogue group B: dind TLS, certificates and readiness. */
import type { Rule } from '../../engine/rule';
import { rule as dindTlsPortMismatch } from '../dind-tls-port-mismatch';

export const groupB: Rule[] = [dindTlsPortMismatch];
