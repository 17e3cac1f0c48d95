/** Runner registration, Helm chart values and config.toml structure. */
import type { Rule } from '../../engine/rule';
import { rule as registrationTokenDeprecated } from '../registration-token-deprecated';
import { rule as tokenInsideRunnersConfigTemplate } from '../token-inside-runners-config-template';
import { rule as runnersConfigMustHaveOneRunner } from '../runners-config-must-have-one-runner';
import { rule as helmDeprecatedRunnerFields } from '../helm-deprecated-runner-fields';
import { rule as helmReservedFieldsWithAuthToken } from '../helm-reserved-fields-with-auth-token';
import { rule as helmRunnerImageUnpinned } from '../helm-runner-image-unpinned';
import { rule as helmManagerRunsAsRoot } from '../helm-manager-runs-as-root';
import { rule as tomlKeyInWrongTable } from '../toml-key-in-wrong-table';
import { rule as helperImageVersionMismatch } from '../helper-image-version-mismatch';
import { rule as runnerTlsVerifyIsNotDind } from '../runner-tls-verify-is-not-dind';
import { rule as helmHostAliasesManagerOnly } from '../helm-host-aliases-manager-only';

export const runnerRegistrationAndHelmRules: Rule[] = [registrationTokenDeprecated, tokenInsideRunnersConfigTemplate, runnersConfigMustHaveOneRunner, helmDeprecatedRunnerFields, helmReservedFieldsWithAuthToken, helmRunnerImageUnpinned, helmManagerRunsAsRoot, tomlKeyInWrongTable, helperImageVersionMismatch, runnerTlsVerifyIsNotDind, helmHostAliasesManagerOnly];
