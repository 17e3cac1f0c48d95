/**
 * "Show effective configuration": the client's command and read-only virtual document, and the language-server
 * request that renders the text (a job, or the whole pipeline, after include local, extends, default, anchors and
 * `!reference`, each value commented with where it was written).
 */

/** The command (palette, code lens): `(uri?: string, job?: string)`; without a job, the job at the cursor or a pick. */
export const SHOW_EFFECTIVE_CONFIG_COMMAND = 'dindDoctor.showEffectiveConfig';
/** The language-server request (`EffectiveConfigParams` → `EffectiveConfigResult`). */
export const EFFECTIVE_CONFIG_REQUEST = 'dindDoctor/effectiveConfig';
/** The URI scheme of the read-only documents. */
export const EFFECTIVE_CONFIG_SCHEME = 'dind-doctor-effective';

export interface EffectiveConfigParams {
  /** The CI file (file: URI) whose pipeline is shown. */
  uri: string;
  /** The job to render; absent: the whole pipeline when `render` is set, else only the job at `position` is named. */
  job?: string;
  /** With no job: the cursor, to find the job it is in. */
  position?: { line: number; character: number };
  /** Render the text (otherwise only `job`/`jobs` are answered). */
  render?: boolean;
}

export interface EffectiveConfigResult {
  /** The job at the position (when asked with a position). */
  job?: string;
  /** The pipeline's jobs, in order (hidden templates excluded). */
  jobs: string[];
  /** The rendered YAML (when asked to render). */
  text?: string;
  /** Why nothing can be shown (not a CI file, the file does not parse, no such job). */
  problem?: string;
}
