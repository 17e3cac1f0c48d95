/** Files that do not parse, schema validation, and the structure of the pipeline (includes, extends, defaults). */
import type { Rule } from '../../engine/rule';
import { rule as yamlSyntaxError } from '../yaml-syntax-error';
import { rule as yamlDuplicateKey } from '../yaml-duplicate-key';
import { rule as tomlSyntaxError } from '../toml-syntax-error';
import { rule as localIncludeNotFound } from '../local-include-not-found';
import { rule as unresolvedExtendsOrReference } from '../unresolved-extends-or-reference';
import { rule as extendsInvalid } from '../extends-invalid';
import { rule as topLevelAndDefaultConflict } from '../top-level-and-default-conflict';
import { rule as schemaValidation } from '../schema-validation';

export const parseAndStructureRules: Rule[] = [yamlSyntaxError, yamlDuplicateKey, tomlSyntaxError, localIncludeNotFound, unresolvedExtendsOrReference, extendsInvalid, topLevelAndDefaultConflict, schemaValidation];
