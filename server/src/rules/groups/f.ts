/** Catalogue group F: Kaniko. */
import type { Rule } from '../../engine/rule';
import { rule as kanikoArchivedImage } from '../kaniko-archived-image';
import { rule as kanikoImageWithoutShell } from '../kaniko-image-without-shell';
import { rule as kanikoEntrypointNotReset } from '../kaniko-entrypoint-not-reset';
import { rule as heredocQuotedDelimiter } from '../heredoc-quoted-delimiter-blocks-expansion';
import { rule as kanikoManualRegistryConfig } from '../kaniko-manual-registry-config-unneeded';
import { rule as kanikoDeprecatedFlags } from '../kaniko-deprecated-flags';
import { rule as kanikoInForeignImage } from '../kaniko-in-foreign-image';
import { rule as kanikoMultipleBuilds } from '../kaniko-multiple-builds-without-cleanup';

export const groupF: Rule[] = [kanikoArchivedImage, kanikoImageWithoutShell, kanikoEntrypointNotReset, heredocQuotedDelimiter, kanikoManualRegistryConfig, kanikoDeprecatedFlags, kanikoInForeignImage, kanikoMultipleBuilds];
