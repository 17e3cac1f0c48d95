/** Registry TLS trust and credentials. */
import type { Rule } from '../../engine/rule';
import { rule as insecureRegistryFlags } from '../insecure-registry-flags';
import { rule as dindCaUsedAsRegistryCa } from '../dind-ca-used-as-registry-ca';
import { rule as registryCaNotTrustedByDind } from '../registry-ca-not-trusted-by-dind';
import { rule as deprecatedCiBuildToken } from '../deprecated-ci-build-token';
import { rule as dockerLoginPasswordOnCommandLine } from '../docker-login-password-on-command-line';
import { rule as dockerConfigMountedReadOnlyWithLogin } from '../docker-config-mounted-read-only-with-login';

export const registryAndCredentialRules: Rule[] = [insecureRegistryFlags, dindCaUsedAsRegistryCa, registryCaNotTrustedByDind, deprecatedCiBuildToken, dockerLoginPasswordOnCommandLine, dockerConfigMountedReadOnlyWithLogin];
