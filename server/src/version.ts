/**
 * The product's identity for reports and the language server: package.json is the one source (the bundler inlines
 * these fields), for the CLI and the server alike. The CLI's `--version`, the SARIF and Code Quality reports and the
 * language server's `serverInfo` all read it from here.
 *
 * Addresses: the CLI is published on npm as `dind-doctor` with the rule pages in it (`docs/rules/<id>.md`), so a
 * rule's help link is that page of the exact version, served from the npm package by unpkg.
 */
import { name, version } from '../../package.json';

export const VERSION: string = version;
export const PRODUCT_NAME: string = name;

/** The tool a report names (reporters' ToolInfo). */
export const TOOL = {
  name: PRODUCT_NAME,
  version: VERSION,
  informationUri: `https://www.npmjs.com/package/${PRODUCT_NAME}`,
  ruleHelpUri: (id: string): string => `https://unpkg.com/${PRODUCT_NAME}@${VERSION}/docs/rules/${encodeURIComponent(id)}.md`,
};
