// docs/rbac.yaml, applied as a user would (kubectl apply -f docs/rbac.yaml), optionally edited first; and a user in
// its group, kubectl-mesh:doctor.
import fs from 'node:fs'
import path from 'node:path'
import {parseAllDocuments} from 'yaml'
import {type Cluster, type Identity, REPO_ROOT} from '../env/index.js'
import {apply} from './api.js'

type Doc = {kind: string; metadata: {name: string; namespace?: string}; rules?: {resources: string[]; resourceNames?: string[]}[]}

export const rbacDocuments = (): Doc[] =>
  parseAllDocuments(fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rbac.yaml'), 'utf8')).map((d) => d.toJS() as Doc).filter(Boolean)

const collection = (d: Doc) => {
  const plural = `${d.kind.toLowerCase()}s`
  return `/apis/rbac.authorization.k8s.io/v1${d.metadata.namespace ? `/namespaces/${d.metadata.namespace}` : ''}/${plural}`
}

export async function applyRbac(cluster: Cluster, edit: (docs: Doc[]) => Doc[] = (d) => d): Promise<void> {
  for (const doc of edit(rbacDocuments())) await apply(cluster, collection(doc), doc as never)
}

/** docs/rbac.yaml without one Secret name in the Role's resourceNames. */
export const withoutSecret = (name: string) => (docs: Doc[]) =>
  docs.map((d) => (d.kind === 'Role' ? {...d, rules: d.rules?.map((r) => (r.resourceNames ? {...r, resourceNames: r.resourceNames.filter((n) => n !== name)} : r))} : d))

export const doctorUser = (cluster: Cluster, name: string): Promise<Identity> => cluster.mintUser(name, ['kubectl-mesh:doctor'])
