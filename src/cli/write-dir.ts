import {lstat, mkdir, rename, rm, stat, writeFile} from 'node:fs/promises'
import {basename, dirname, join, resolve} from 'node:path'

import {isSafeFileName, type OutputFile} from '../render/migrate-files.js'

/**
 * Writes the files into `dir` (created if missing) and never outside it: plain names only, and an
 * existing symbolic link or non-file at a target is refused (lstat), never followed; each file is
 * written to a fresh temporary name and renamed over the target. Returns the paths written.
 */
export async function writeOutputDir(dir: string, files: OutputFile[]): Promise<string[]> {
  const root = resolve(dir)
  const before = await stat(root).catch(() => undefined)
  if (before && !before.isDirectory()) throw new Error(`${dir} exists and is not a directory`)
  await mkdir(root, {recursive: true})
  if (!(await stat(root)).isDirectory()) throw new Error(`${dir} is not a directory`)
  const written: string[] = []
  for (const f of files) {
    const target = resolve(root, f.name)
    if (!isSafeFileName(f.name) || dirname(target) !== root || basename(target) !== f.name) throw new Error(`refusing to write ${JSON.stringify(f.name)}: not a plain file name inside ${dir}`)
    const existing = await lstat(target).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e)))
    if (existing && !existing.isFile()) throw new Error(`refusing to write ${target}: it exists and is not a regular file (a symbolic link or a directory)`)
    const tmp = join(root, `.${f.name}.${process.pid}.tmp`)
    await rm(tmp, {force: true})
    await writeFile(tmp, f.content, {flag: 'wx', mode: 0o644})
    await rename(tmp, target)
    written.push(join(dir, f.name))
  }
  return written
}
