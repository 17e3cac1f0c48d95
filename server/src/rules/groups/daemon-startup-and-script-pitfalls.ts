/** Pitfalls seen in real reports: storage drivers dockerd dropped, MTU above the outer network's, list items written inside a block scalar. */
import type { Rule } from '../../engine/rule';
import { rule as scriptItemInsideBlockScalar } from '../script-item-inside-block-scalar';
import { rule as dindStorageDriverRemoved } from '../dind-storage-driver-removed';
import { rule as dindMtuAboveNetwork } from '../dind-mtu-above-network';

export const daemonStartupAndScriptPitfallRules: Rule[] = [dindStorageDriverRemoved, dindMtuAboveNetwork, scriptItemInsideBlockScalar];
