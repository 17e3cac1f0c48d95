/** Catalogue group G. */
import type { Rule } from '../../engine/rule';
import { rule as g1 } from '../buildkit-rootless-entrypoint-not-reset';
import { rule as g2 } from '../buildkit-rootless-missing-no-process-sandbox';
import { rule as g3 } from '../buildkit-rootless-k8s-seccomp-apparmor';
import { rule as g4 } from '../buildkit-local-dockerfile-is-file';
import { rule as g5 } from '../buildctl-without-daemon';
import { rule as g6 } from '../buildx-cache-export-with-docker-driver';
import { rule as g7 } from '../inline-cache-without-cache-from';
import { rule as g8 } from '../cache-from-image-not-pulled';
import { rule as g9 } from '../buildah-unprivileged-settings';
import { rule as g10 } from '../daemonless-job-inherits-dind';

export const groupG: Rule[] = [g1, g2, g3, g4, g5, g6, g7, g8, g9, g10];
