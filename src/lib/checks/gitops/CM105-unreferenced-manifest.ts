// CM105: a YAML file below a directory some cluster builds (a Flux path or a kustomization directory) that no
// cluster's build reads: usually a resource someone forgot to list in kustomization.yaml.
// Files of a directory that no build reads at all (a whole app left out) are one mistake: they share a group.
import {type GitopsCheck} from './support.js'

const dirOf = (f: string) => (f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '')
const hidden = (f: string) => f.split('/').some((part) => part.startsWith('.'))

export const CM105: GitopsCheck = {
  id: 'CM105',
  run(model, ctx) {
    const files = model.repo.files
    if (!files) {
      ctx.skip({}, 'the renderer did not record which files the builds read')
      return
    }
    if (model.repo.clusters.length === 0) {
      ctx.skip({}, 'no cluster was rendered')
      return
    }
    const underBuild = (f: string) => {
      for (let d = dirOf(f); ; d = dirOf(d)) {
        if (files.buildDirs.has(d)) return d
        if (d === '') return undefined
      }
    }
    // Directories holding (at any depth) a file some build read.
    const used = new Set<string>()
    for (const f of files.included) for (let d = dirOf(f); !used.has(d); d = dirOf(d)) {
      used.add(d)
      if (d === '') break
    }
    /** The highest directory below the build directory that no build reads anything from, if the file is in one. */
    const unusedDir = (file: string, buildDir: string) => {
      let top: string | undefined
      for (let d = dirOf(file); d !== buildDir && !used.has(d) && !files.buildDirs.has(d); d = dirOf(d)) top = d
      return top
    }
    for (const file of files.all) {
      if (files.included.has(file) || hidden(file)) continue
      const dir = underBuild(file)
      if (dir === undefined) continue
      const top = unusedDir(file, dir)
      ctx.report({
        message: `${file} is inside ${dir || 'the repository root'}, which a cluster builds, but no build includes it`,
        file,
        line: 1,
        column: 1,
        ...(top
          ? {group: `${top}/`, groupMessage: `${top}/ is inside ${dir || 'the repository root'}, which a cluster builds, but no build includes any of its files`}
          : {}),
      })
    }
    ctx.pass({})
  },
}
