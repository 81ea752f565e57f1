// Helpers shared by bench sections: wall-clock time of whole processes, median of several runs.
import {spawnSync} from 'node:child_process'
import {realpathSync} from 'node:fs'
import {join} from 'node:path'

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Milliseconds of one run of `command args` from `/` with an empty environment; throws if it fails. */
export function timeOnce(command, args, {cwd = '/', env = {}} = {}) {
  const start = process.hrtime.bigint()
  const result = spawnSync(command, args, {cwd, env, stdio: ['ignore', 'ignore', 'pipe']})
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`)
  return ms
}

/**
 * Times several commands round-robin (a, b, c, a, b, c, ...) so that load from other processes on a
 * shared machine falls on all of them alike; returns the median per command name.
 */
export function medians(commands, {runs, warmup = 2}) {
  const times = new Map(commands.map(({name}) => [name, []]))
  for (let i = 0; i < warmup + runs; i++) {
    for (const {name, command, args} of commands) {
      const ms = timeOnce(command, args)
      if (i >= warmup) times.get(name).push(ms)
    }
  }
  return new Map([...times].map(([name, list]) => [name, median(list)]))
}

export const pinnedNode = (root) => realpathSync(join(root, 'node_modules', '.bin', 'node'))

export const fmt = (ms) => `${ms.toFixed(1).padStart(7)} ms`
