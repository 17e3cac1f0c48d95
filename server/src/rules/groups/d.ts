/** Catalogue group D. */
import type { Rule } from '../../engine/rule';
import { rule as d1 } from '../socket-binding-with-dind-service';
import { rule as d2 } from '../socket-binding-anonymous-volume';
import { rule as d3 } from '../socket-binding-privileged-redundant';
import { rule as d4 } from '../socket-binding-root-equivalent';
import { rule as d8 } from '../k8s-socket-binding-no-docker-node';

export const groupD: Rule[] = [d1, d2, d3, d4, d8];
