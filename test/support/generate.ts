import {readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'

import {REPO_ROOT} from './vectors.js'

/** A small deterministic generator (no seed from the clock: a failure must repeat). */
export function random(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0
    s ^= s >>> 12
    return (s >>> 0) / 0x100000000
  }
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === 'node_modules' || name.startsWith('.')) return []
    if (statSync(path).isDirectory()) return yamlFilesUnder(path)
    return /\.ya?ml$/.test(name) ? [path] : []
  })
}

/** Every YAML file of the repository's fixtures and tests. */
export function repositoryYamlFiles(): string[] {
  return [...yamlFilesUnder(join(REPO_ROOT, 'fixtures')), ...yamlFilesUnder(join(REPO_ROOT, 'test'))]
}
