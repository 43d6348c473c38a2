import {readdirSync} from 'node:fs'

import type {Command} from '@oclif/core/command'

import {parseDuration} from './output.js'
import {ttyProgress} from './progress.js'
import type {Snapshot} from '../core/types.js'
import {SKIPPED_DIRECTORIES} from '../sources/files.js'
import {ClusterUnreachableError, InputError, loadSnapshot} from '../sources/index.js'

/**
 * Says what is wrong in one unwrapped line on stderr (`ackctl: ...`, greppable in CI logs) and exits
 * with the code, without the report: oclif's own errors wrap at the terminal width.
 */
export function failInOneLine(command: Command, message: string, code: number): never {
  process.stderr.write(`ackctl: ${message}\n`)
  return command.exit(code)
}

export interface InputFlags {
  filename?: string[]
  recursive?: boolean
  kubeconfig?: string
  context?: string
  'request-timeout'?: string
  'read-timeout'?: string
  'allow-empty-input'?: boolean
}

/**
 * Loads the snapshot for a command from -f and file arguments, or the live cluster; input problems
 * exit 2 with a message. Files that hold no Kubernetes object at all (an empty file or directory, a
 * failed `kubectl ... |`) are an input error too, unless --allow-empty-input. What was read and
 * skipped is counted on stderr, for people; the report itself stays the same for live and file input.
 */
/** --request-timeout and --read-timeout in milliseconds; a value that is not a duration exits 2. */
export function liveTimeouts(command: Command, flags: Pick<InputFlags, 'request-timeout' | 'read-timeout'>): {requestTimeoutMs: number; readTimeoutMs: number} {
  const timeout = parseDuration(flags['request-timeout'] ?? '30s')
  if (timeout === undefined) failInOneLine(command, `--request-timeout ${JSON.stringify(flags['request-timeout'])} is not a duration; use e.g. 30s, 1m or 0`, 2)
  const readTimeout = parseDuration(flags['read-timeout'] ?? '5m')
  if (readTimeout === undefined) failInOneLine(command, `--read-timeout ${JSON.stringify(flags['read-timeout'])} is not a duration; use e.g. 5m, 90s or 0`, 2)
  return {requestTimeoutMs: timeout, readTimeoutMs: readTimeout}
}

export async function loadInput(command: Command, flags: InputFlags, fileArgs: string[] = []): Promise<Snapshot> {
  const timeouts = liveTimeouts(command, flags)
  const filenames = [...(flags.filename ?? []), ...fileArgs]
  const json = command.jsonEnabled()
  const progress = ttyProgress(process.stderr, {json})
  let snapshot: Snapshot
  try {
    snapshot = await loadSnapshot({
      filenames,
      recursive: flags.recursive ?? false,
      kubeconfig: flags.kubeconfig,
      context: flags.context,
      ...timeouts,
      progress: progress.update,
    })
  } catch (error) {
    if (error instanceof InputError) failInOneLine(command, error.message, 2)
    if (error instanceof ClusterUnreachableError) failInOneLine(command, error.message, 3)
    throw error
  } finally {
    progress.done()
  }
  const {documents, objects, used, skipped} = snapshot.stats
  const unparsed = snapshot.findings.some((f) => f.rule === 'input-invalid')
  if (filenames.length > 0 && objects === 0 && !unparsed && !flags['allow-empty-input']) {
    const what = documents === 0 ? 'nothing' : `${documents} document${documents === 1 ? '' : 's'}, none of them a Kubernetes object`
    // kubectl's -f DIR reads the directory's own files only: say so when the manifests may be below it.
    const nested = flags.recursive ? [] : filenames.filter(hasSubdirectory)
    const hint = nested.length > 0 ? `; ${nested.join(', ')} ${nested.length === 1 ? 'has' : 'have'} subdirectories, which only -R reads` : ''
    failInOneLine(command, `no Kubernetes objects read from ${filenames.join(', ')} (${what})${hint}; pass manifests or a \`kubectl get -o yaml\` dump, or --allow-empty-input`, 2)
  }
  if (skipped > 0 && !json) command.logToStderr(`ackctl: ${documents} documents read: ${used} used, ${skipped} skipped (not Kubernetes objects, Helm templates, or kinds role resolution does not use)`)
  return snapshot
}

/** Whether a path is a directory with a subdirectory (not one that -R leaves out). */
function hasSubdirectory(path: string): boolean {
  try {
    return readdirSync(path, {withFileTypes: true}).some((e) => e.isDirectory() && !SKIPPED_DIRECTORIES.has(e.name))
  } catch {
    return false
  }
}
