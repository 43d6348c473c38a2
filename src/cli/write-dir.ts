import {lstat, mkdir, readdir, readFile, rename, rm, stat, writeFile} from 'node:fs/promises'
import {basename, dirname, join, resolve} from 'node:path'

import {isGeneratedFile, isSafeFileName, type OutputFile} from '../render/migrate-files.js'

/**
 * Writes the files into `dir` (created if missing) and never outside it: plain names only, and an
 * existing symbolic link or non-file at a target is refused (lstat), never followed; each file is
 * written to a fresh temporary name and renamed over the target. Then files of an earlier run that
 * this run does not write are removed, but only ackctl's own (a selector labelled
 * `app.kubernetes.io/managed-by: ackctl`, or a plan or label file with ackctl's header): a stale
 * selector would otherwise be applied by the plan's `kubectl apply -l`. Files ackctl did not write stay.
 */
export async function writeOutputDir(dir: string, files: OutputFile[]): Promise<{written: string[]; removed: string[]}> {
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
  const names = new Set(files.map((f) => f.name))
  const removed: string[] = []
  for (const entry of await readdir(root, {withFileTypes: true})) {
    if (!entry.isFile() || names.has(entry.name) || !isSafeFileName(entry.name)) continue
    const path = join(root, entry.name)
    if (!isGeneratedFile(entry.name, await readFile(path, 'utf8'))) continue
    await rm(path)
    removed.push(join(dir, entry.name))
  }
  return {written, removed}
}
