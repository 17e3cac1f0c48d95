/** Binding the host's Docker socket into jobs. */
import type { Rule } from '../../engine/rule';
import { rule as socketBindingWithDindService } from '../socket-binding-with-dind-service';
import { rule as socketBindingAnonymousVolume } from '../socket-binding-anonymous-volume';
import { rule as socketBindingPrivilegedRedundant } from '../socket-binding-privileged-redundant';
import { rule as socketBindingRootEquivalent } from '../socket-binding-root-equivalent';
import { rule as socketBindingHostRelativeMounts } from '../socket-binding-host-relative-mounts';
import { rule as socketBindingDestructiveCommands } from '../socket-binding-destructive-commands';
import { rule as socketBindingFixedContainerName } from '../socket-binding-fixed-container-name';
import { rule as k8sSocketBindingNoDockerNode } from '../k8s-socket-binding-no-docker-node';
import { rule as socketBindingTestcontainersHost } from '../socket-binding-testcontainers-host';

export const socketBindingRules: Rule[] = [socketBindingWithDindService, socketBindingAnonymousVolume, socketBindingPrivilegedRedundant, socketBindingRootEquivalent, socketBindingHostRelativeMounts, socketBindingDestructiveCommands, socketBindingFixedContainerName, k8sSocketBindingNoDockerNode, socketBindingTestcontainersHost];
