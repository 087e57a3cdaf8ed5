// Where a replayed frame goes in: a pod's eth0 (towards its cali) or a node's uplink.
import type { ClusterNode, Pod } from '../../host/cluster/types.ts';

export type Inject = { pod: Pod } | { node: ClusterNode };
