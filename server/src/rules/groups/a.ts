/** Catalogue group A. */
import type { Rule } from '../../engine/rule';
import { rule as a1 } from '../dind-host-without-service';
import { rule as a2 } from '../dind-service-alias-not-docker';
import { rule as a3 } from '../service-alias-invalid-dns';
import { rule as a4 } from '../docker-host-localhost-on-docker-executor';
import { rule as a5 } from '../docker-cli-without-daemon';
import { rule as a6 } from '../k8s-dind-docker-host-unset';
import { rule as a7 } from '../unix-socket-dind-volume-missing';
import { rule as a8 } from '../legacy-link-env-vars';

export const groupA: Rule[] = [a1, a2, a3, a4, a5, a6, a7, a8];
