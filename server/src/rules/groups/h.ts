/** Catalogue group H. */
import type { Rule } from '../../engine/rule';
import { rule as h1 } from '../redundant-docker-env-vars';
import { rule as h2 } from '../push-mutable-tag-only';
import { rule as h3 } from '../dind-mtu-not-set';
import { rule as h4 } from '../dind-registry-rate-limits';
import { rule as h5 } from '../dind-on-every-job';
import { rule as h6 } from '../before-script-package-install-every-job';

export const groupH: Rule[] = [h1, h2, h3, h4, h5, h6];
