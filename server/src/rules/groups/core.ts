/** Parse errors, schema validation and pipeline structure: the findings every file kind can have. */
import type { Rule } from '../../engine/rule';
import { rule as yamlSyntaxError } from '../yaml-syntax-error';
import { rule as yamlDuplicateKey } from '../yaml-duplicate-key';
import { rule as tomlSyntaxError } from '../toml-syntax-error';
import { rule as localIncludeNotFound } from '../local-include-not-found';
import { rule as unresolvedExtends } from '../unresolved-extends-or-reference';
import { rule as extendsInvalid } from '../extends-invalid';
import { rule as topLevelDefault } from '../top-level-and-default-conflict';
import { rule as schemaValidation } from '../schema-validation';

export const core: Rule[] = [yamlSyntaxError, yamlDuplicateKey, tomlSyntaxError, localIncludeNotFound, unresolvedExtends, extendsInvalid, topLevelDefault, schemaValidation];
