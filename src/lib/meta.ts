// Facts about the tool itself that renderers need (links must be absolute in SARIF).
export const HOMEPAGE = 'https://github.com/kubectl-mesh/kubectl-mesh'
export const docsUrl = (id: string) => `${HOMEPAGE}/blob/main/docs/checks/${id}.md`
