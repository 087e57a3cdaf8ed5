// Public entry of the cluster model.
export type * from './types.ts';
export { buildCluster } from './build.ts';
export { defaultClusterSpec } from './default.ts';
export { loadClusterFile } from './load.ts';
export { parseClusterYaml } from './parse.ts';
export { validateClusterSpec } from './validate.ts';
export { vethName, linkLocal6, HOST_VETH_MAC, POD_GATEWAY } from './names.ts';
export { ipipEnabled, podMtu, vethMtu, tunl0Mtu, IFINDEX } from './ifaces.ts';
