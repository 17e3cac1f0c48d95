/** Kaniko: image, entrypoint, flags, several builds in one job. */
import type { Rule } from '../../engine/rule';
import { rule as kanikoArchivedImage } from '../kaniko-archived-image';
import { rule as kanikoImageWithoutShell } from '../kaniko-image-without-shell';
import { rule as kanikoEntrypointNotReset } from '../kaniko-entrypoint-not-reset';
import { rule as heredocQuotedDelimiterBlocksExpansion } from '../heredoc-quoted-delimiter-blocks-expansion';
import { rule as kanikoManualRegistryConfigUnneeded } from '../kaniko-manual-registry-config-unneeded';
import { rule as kanikoDeprecatedFlags } from '../kaniko-deprecated-flags';
import { rule as kanikoInForeignImage } from '../kaniko-in-foreign-image';
import { rule as kanikoMultipleBuildsWithoutCleanup } from '../kaniko-multiple-builds-without-cleanup';

export const kanikoRules: Rule[] = [kanikoArchivedImage, kanikoImageWithoutShell, kanikoEntrypointNotReset, heredocQuotedDelimiterBlocksExpansion, kanikoManualRegistryConfigUnneeded, kanikoDeprecatedFlags, kanikoInForeignImage, kanikoMultipleBuildsWithoutCleanup];
