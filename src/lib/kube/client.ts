// The one door to @kubernetes/client-node. Callers lazy-import this file, not the package:
// a dynamic import of the package itself defeats tree-shaking in the bundle.
export {KubeConfig} from '@kubernetes/client-node'
