/**
 * Validators for the CLI's machine-readable reports, shared by the reporter, component and package tests: the SARIF
 * 2.1.0 schema (vendored) and the GitLab Code Quality schema (ours, from GitLab's documented format); see
 * test/fixtures/cli/README.md.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

export function sarifValidator() {
  const raw = JSON.parse(readFileSync(join(__dirname, 'fixtures/cli/sarif-2.1.0-rtm.5.json'), 'utf8'));
  // draft-04 → what ajv 8 reads: `id` → `$id`, no `$schema` (the schema uses no other draft-04-only keyword:
  // no boolean exclusiveMinimum/Maximum).
  assert.equal(raw.$schema, 'http://json-schema.org/draft-04/schema#');
  const schema = { ...raw, $id: raw.id };
  delete schema.id;
  delete schema.$schema;
  // The schema's language pattern `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$` has a stray `]` that only a
  // non-unicode RegExp accepts (as a literal), as the JSON Schema validators of its day read it.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

export function codeQualityValidator() {
  const schema = JSON.parse(readFileSync(join(__dirname, 'fixtures/cli/gitlab-codequality.schema.json'), 'utf8'));
  const ajv = new Ajv({ strict: true, strictRequired: false, allErrors: true });
  return ajv.compile(schema);
}
