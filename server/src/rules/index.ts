/** The rule registry: every rule, in a stable order (groups follow the catalogue). */
import type { Rule } from '../engine/rule';
import { core } from './groups/core';
import { groupA } from './groups/a';
import { groupB } from './groups/b';
import { groupC } from './groups/c';
import { groupD } from './groups/d';
import { groupE } from './groups/e';
import { groupF } from './groups/f';
import { groupG } from './groups/g';
import { groupH } from './groups/h';
import { groupI } from './groups/i';
import { groupJ } from './groups/j';
import { groupL } from './groups/l';
import { groupPitfalls } from './groups/pitfalls';

export const rules: Rule[] = [...core, ...groupA, ...groupB, ...groupC, ...groupD, ...groupE, ...groupF, ...groupG, ...groupH, ...groupI, ...groupJ, ...groupL, ...groupPitfalls];

const byId = new Map(rules.map((r) => [r.id, r]));
export function ruleById(id: string): Rule | undefined { return byId.get(id); }
