// A repository URL in a comparable form, so that the ssh, scp-like and https spellings of one repository are equal
// (`git@github.com:Org/Repo.git` = `ssh://git@github.com:22/org/repo` = `https://github.com/org/repo/`): host and
// path, lower-case, without scheme, user, port, `.git` or trailing slash. Flux sources and Argo CD repoURLs use it.
export function normaliseRepoUrl(url: string): string {
  let u = url.trim().toLowerCase()
  const scp = /^[\w.-]+@([^:/]+):(.+)$/.exec(u)
  if (scp) u = `${scp[1]}/${scp[2]}`
  return u
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^[^@/]+@/, '')
    .replace(/:\d+\//, '/')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '')
}
