// CM105: a YAML file below a directory some cluster builds (a Flux path or a kustomization directory) that no
// cluster's build reads: usually a resource someone forgot to list in kustomization.yaml.
// Files of a directory that no build reads at all (a whole app left out) are one mistake: they share a group.
// Not findings: files a kustomization names outside resources (configurations, crds, openapi, components, generator
// files/envs, patches …), files with no apiVersion+kind document (Helm values, empty files), Component directories,
// and directories whose kustomization already has CM002. Deliberately left out (info): a file named in a
// commented-out entry of a kustomization, or below a tests/ or examples/ directory.
import {readReferences} from './CM105-references.js'
import {type GitopsCheck} from './support.js'

const dirOf = (f: string) => (f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '')
const hidden = (f: string) => f.split('/').some((part) => part.startsWith('.'))
const DELIBERATE_DIRS = new Set(['test', 'tests', 'example', 'examples'])

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
    const candidates = files.all.filter((f) => !files.included.has(f) && !hidden(f) && underBuild(f) !== undefined)
    const refs = readReferences(model.repo, candidates)
    for (const file of candidates) {
      if (refs.referenced(file) || refs.inComponent(file) || refs.brokenKustomization(file) || !refs.isManifest(file)) continue
      const dir = underBuild(file)!
      const top = unusedDir(file, dir)
      const below = file.slice(dir === '' ? 0 : dir.length + 1).split('/').slice(0, -1)
      const deliberate = refs.commentedOut(file)
        ? 'a kustomization names it in a commented-out entry'
        : below.some((d) => DELIBERATE_DIRS.has(d.toLowerCase())) ? `it is below ${below.find((d) => DELIBERATE_DIRS.has(d.toLowerCase()))}/` : undefined
      const where = dir || 'the repository root'
      ctx.report({
        message: deliberate
          ? `${file} is inside ${where}, which a cluster builds, and no build includes it; ${deliberate}, so it looks left out on purpose`
          : `${file} is inside ${where}, which a cluster builds, but no build includes it`,
        file,
        line: 1,
        column: 1,
        ...(deliberate ? {severity: 'info' as const} : {}),
        ...(top
          ? {group: `${top}/`, groupMessage: `${top}/ is inside ${where}, which a cluster builds, but no build includes any of its files${deliberate ? ' (left out on purpose, it seems)' : ''}`}
          : {}),
      })
    }
    ctx.pass({})
  },
}
