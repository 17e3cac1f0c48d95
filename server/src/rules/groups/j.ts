/** Runner registration, Helm chart values and config.toml structure. */
import type { Rule } from '../../engine/rule';
import { rule as j1 } from '../registration-token-deprecated';
import { rule as j2 } from '../token-inside-runners-config-template';
import { rule as j3 } from '../runners-config-must-have-one-runner';
import { rule as j4 } from '../helm-deprecated-runner-fields';
import { rule as j5 } from '../helm-reserved-fields-with-auth-token';
import { rule as j7 } from '../helm-runner-image-unpinned';
import { rule as j8 } from '../helm-manager-runs-as-root';
import { rule as j10 } from '../toml-key-in-wrong-table';
import { rule as j11 } from '../helper-image-version-mismatch';
import { rule as j12 } from '../runner-tls-verify-is-not-dind';
import { rule as j13 } from '../helm-host-aliases-manager-only';

export const groupJ: Rule[] = [j1, j2, j3, j4, j5, j7, j8, j10, j11, j12, j13];
