// The clusters the page ships: the seed (the default, built in) and the repository's examples,
// bundled as text so a link can name them (`#cluster=crosssubnet-3node&ping=…`).
import crossSubnet from '../../examples/clusters/crosssubnet-3node.yaml';
import seedManifests from '../../examples/k8s/seed-cluster.yaml';

export interface Example {
  id: string;
  title: string;
  /** null: the seed's cluster as the CLI builds it without --cluster. */
  yaml: string | null;
}

export const EXAMPLES: readonly Example[] = [
  { id: 'seed', title: 'seed: k8s-master-1 + k8s-node-1 (IPIP Always)', yaml: null },
  { id: 'crosssubnet-3node', title: 'examples/clusters/crosssubnet-3node.yaml (CrossSubnet)', yaml: crossSubnet },
  { id: 'seed-manifests', title: 'examples/k8s/seed-cluster.yaml (the seed as manifests)', yaml: seedManifests },
];
