import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, relative, resolve, sep} from 'node:path'

import type {Command} from '@oclif/core/command'

import type {Snapshot} from '../core/types.js'
import {readsFileIn} from '../sources/files.js'
import {InputError, loadSnapshot} from '../sources/index.js'
import {failInOneLine} from './load.js'

const git = (args: string[]): string => execFileSync('git', args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 512 * 1024 * 1024})

/**
 * The base side of `ackctl diff`: a file or directory as it is, or else a git revision, whose
 * version of the same -f paths (relative to the working directory, as git resolves them) is read
 * from the repository. Nothing in the working tree changes; the files are copied to a temporary
 * directory and removed afterwards.
 */
export async function loadBase(command: Command, base: string, paths: string[], recursive: boolean): Promise<{snapshot: Snapshot; what: string}> {
  try {
    if (existsSync(base)) return {snapshot: await loadSnapshot({filenames: [base], recursive}), what: base}
    try {
      git(['rev-parse', '--verify', '--quiet', `${base}^{commit}`])
    } catch {
      return failInOneLine(command, `--base ${base} is neither a file, a directory nor a git revision of the repository in the working directory`, 2)
    }
    const dir = mkdtempSync(join(tmpdir(), 'ackctl-base-'))
    try {
      const files: string[] = []
      for (const path of paths.filter((p) => p !== '-')) {
        const listed = git(['ls-tree', '-r', '--name-only', base, '--', path]).split('\n').filter(Boolean)
        // The files -f PATH reads in the working tree: PATH itself, or the manifests below it (-R for subdirectories).
        const named = resolve(path)
        for (const file of listed.filter((f) => resolve(f) === named || readsFileIn(relative(named, resolve(f)).split(sep).join('/'), recursive))) {
          // ls-tree prints paths relative to the working directory; `./` makes `git show` read them so too.
          const target = join(dir, file)
          mkdirSync(dirname(target), {recursive: true})
          writeFileSync(target, git(['show', `${base}:./${file}`]))
          files.push(target)
        }
      }
      const snapshot = await loadSnapshot({filenames: files.length > 0 ? files : [dir], recursive: true})
      // Positions name the revision's file (`HEAD:deploy/a.yaml`), not the temporary copy.
      const copy = `${dir}${sep}`
      for (const f of snapshot.findings) {
        if (f.file?.startsWith(copy)) f.file = `${base}:${f.file.slice(copy.length).split(sep).join('/')}`
        f.message = f.message.split(copy).join(`${base}:`)
      }
      return {snapshot, what: `${base} (git)`}
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  } catch (error) {
    if (error instanceof InputError) return failInOneLine(command, `--base ${base}: ${error.message}`, 2)
    throw error
  }
}
