/** Catalogue group D. */
import type { Rule } from '../../engine/rule';
import { rule as d1 } from '../socket-binding-with-dind-service';
import { rule as d2 } from '../socket-binding-anonymous-volume';
import { rule as d3 } from '../socket-binding-privileged-redundant';
import { rule as d4 } from '../socket-binding-root-equivalent';
import { rule as d5 } from '../socket-binding-host-relative-mounts';
import { rule as d6 } from '../socket-binding-destructive-commands';
import { rule as d7 } from '../socket-binding-fixed-container-name';
import { rule as d8 } from '../k8s-socket-binding-no-docker-node';
import { rule as d9 } from '../socket-binding-testcontainers-host';

export const groupD: Rule[] = [d1, d2, d3, d4, d5, d6, d7, d8, d9];
