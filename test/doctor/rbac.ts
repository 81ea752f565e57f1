// docs/rbac.yaml, applied as a user would (kubectl apply -f docs/rbac.yaml), optionally edited and bound to another
// subject; and a user in its group, kubectl-mesh:doctor.
import fs from 'node:fs'
import path from 'node:path'
import {parseAllDocuments} from 'yaml'
import {type Cluster, type Identity, REPO_ROOT} from '../env/index.js'
import {apply} from './api.js'

interface Rule {
  apiGroups: string[]
  resources: string[]
  resourceNames?: string[]
  verbs: string[]
}
interface Doc {
  kind: string
  metadata: {name: string; namespace?: string; [k: string]: unknown}
  rules?: Rule[]
  roleRef?: {apiGroup: string; kind: string; name: string}
  subjects?: {apiGroup: string; kind: string; name: string}[]
}

export const rbacDocuments = (): Doc[] =>
  parseAllDocuments(fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rbac.yaml'), 'utf8')).map((d) => d.toJS() as Doc).filter(Boolean)

const collection = (d: Doc) =>
  `/apis/rbac.authorization.k8s.io/v1${d.metadata.namespace ? `/namespaces/${d.metadata.namespace}` : ''}/${d.kind.toLowerCase()}s`

/** docs/rbac.yaml as is. */
export async function applyRbac(cluster: Cluster): Promise<void> {
  for (const doc of rbacDocuments()) await apply(cluster, collection(doc), doc as never)
}

/** docs/rbac.yaml with its rules edited, under names ending in -<suffix>, bound to one user or group. */
export async function applyRbacVariant(cluster: Cluster, suffix: string, subject: {kind: 'User' | 'Group'; name: string}, editRules: (rules: Rule[]) => Rule[]): Promise<void> {
  for (const doc of rbacDocuments()) {
    const renamed: Doc = {...doc, metadata: {...doc.metadata, name: `${doc.metadata.name}-${suffix}`}}
    if (doc.rules) renamed.rules = editRules(doc.rules)
    if (doc.roleRef) {
      renamed.roleRef = {...doc.roleRef, name: `${doc.roleRef.name}-${suffix}`}
      renamed.subjects = [{apiGroup: 'rbac.authorization.k8s.io', ...subject}]
    }
    await apply(cluster, collection(renamed), renamed as never)
  }
}

/** The Role's Secret names without one of them. */
export const withoutSecret = (name: string) => (rules: Rule[]) =>
  rules.map((r) => (r.resourceNames ? {...r, resourceNames: r.resourceNames.filter((n) => n !== name)} : r))

export const withoutExec = (rules: Rule[]) => rules.filter((r) => !r.resources.includes('pods/exec'))

export const doctorUser = (cluster: Cluster, name: string): Promise<Identity> => cluster.mintUser(name, ['kubectl-mesh:doctor'])
