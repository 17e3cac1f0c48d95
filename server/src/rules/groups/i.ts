/** Catalogue group I. */
import type { Rule } from '../../engine/rule';
import { rule as i1 } from '../insecure-registry-flags';
import { rule as i2 } from '../dind-ca-used-as-registry-ca';
import { rule as i3 } from '../registry-ca-not-trusted-by-dind';
import { rule as i4 } from '../deprecated-ci-build-token';
import { rule as i5 } from '../docker-login-password-on-command-line';
import { rule as i6 } from '../docker-config-mounted-read-only-with-login';

export const groupI: Rule[] = [i1, i2, i3, i4, i5, i6];
