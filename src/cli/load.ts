import type {Command} from '@oclif/core/command'

import {parseDuration} from './output.js'
import {ttyProgress} from './progress.js'
import type {Snapshot} from '../core/types.js'
import {InputError, loadSnapshot} from '../sources/index.js'

/** Loads the snapshot for a command from -f or the live cluster; input problems exit 2 with a message. */
export async function loadInput(
  command: Command,
  flags: {filename?: string[]; recursive?: boolean; kubeconfig?: string; context?: string; 'request-timeout'?: string; json?: boolean},
): Promise<Snapshot> {
  const timeout = parseDuration(flags['request-timeout'] ?? '30s')
  if (timeout === undefined) command.error(`--request-timeout ${JSON.stringify(flags['request-timeout'])} is not a duration; use e.g. 30s, 1m or 0`, {exit: 2})
  const progress = ttyProgress(process.stderr, {json: flags.json})
  try {
    return await loadSnapshot({
      filenames: flags.filename ?? [],
      recursive: flags.recursive ?? false,
      kubeconfig: flags.kubeconfig,
      context: flags.context,
      requestTimeoutMs: timeout,
      progress: progress.update,
    })
  } catch (error) {
    if (error instanceof InputError) command.error(error.message, {exit: 2})
    throw error
  } finally {
    progress.done()
  }
}
