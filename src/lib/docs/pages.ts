// The check pages docs/checks/CMnnn.md: from the package on disk, or embedded as SEA assets in the binary.
import {existsSync, readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'

interface SeaModule {
  isSea(): boolean
  getAsset(key: string, encoding: string): string
}

function seaModule(): SeaModule | undefined {
  try {
    const sea = createRequire(import.meta.url)('node:sea') as SeaModule
    return sea.isSea() ? sea : undefined
  } catch {
    return undefined
  }
}

export function readCheckPage(id: string, packageRoot: string): string | undefined {
  const key = `docs/checks/${id}.md`
  const sea = seaModule()
  if (sea) {
    try {
      return sea.getAsset(key, 'utf8')
    } catch {
      return undefined
    }
  }
  const file = join(packageRoot, key)
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined
}
