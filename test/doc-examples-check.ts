/** Runs a rule page's examples through the engine (see test/doc-examples.ts for the convention). */
import type { Rule } from '../server/src/engine/rule';
import { analyze } from './harness';
import { exampleGroups, type ExampleGroup } from './doc-examples';

export function defaultYamlOf(rule: Rule): string {
  return rule.fileKinds.includes('helm-values') && !rule.fileKinds.includes('gitlab-ci') ? 'values.yaml' : '.gitlab-ci.yml';
}

export interface GroupResult { group: ExampleGroup; fired: string[]; parseErrors: string[] }

/** Analyses every file of every example group; what the rule reported, and any syntax error. */
export function checkExamples(rule: Rule, md: string): GroupResult[] {
  return exampleGroups(md, defaultYamlOf(rule)).map((group) => {
    const fired: string[] = [], parseErrors: string[] = [];
    const names = Object.keys(group.files);
    for (const name of names) {
      const { findings } = analyze(group.files, name);
      for (const f of findings) {
        const at = `${name}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
        if (f.ruleId === rule.id) fired.push(`${at} ${f.message.split('\n')[0]}`);
        if (f.ruleId === 'internal-error' || ((f.ruleId === 'yaml-syntax-error' || f.ruleId === 'toml-syntax-error') && f.ruleId !== rule.id)) parseErrors.push(`${at} ${f.ruleId}: ${f.message.split('\n')[0]}`);
      }
    }
    return { group, fired: [...new Set(fired)], parseErrors };
  });
}
