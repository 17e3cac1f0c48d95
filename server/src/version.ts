/**
 * The product's identity for reports and the language server: package.json is the one source (the bundler inlines
 * these fields), for the CLI and the server alike.
 */
import { repository, version } from '../../package.json';

export const VERSION: string = version;
/** The repository's web address (no `git+` prefix, no `.git` suffix). */
export const REPOSITORY_WEB: string = repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
