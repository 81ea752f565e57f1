// client-node's Exec, behind its own small door (as client.ts for KubeConfig): lazy-imported only by exec.ts.
export {Exec} from '@kubernetes/client-node'
