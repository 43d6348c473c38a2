import {existsSync, readFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'

import type {LintConfig} from '../findings/config.js'

/** The config file name lint looks for, from the working directory upward. */
export const CONFIG_FILE_NAME = '.ackctl.yaml'

/**
 * I/O: finds `.ackctl.yaml` from `cwd` upward (or reads the `--config` path) and parses it. The
 * path in findings is relative to `cwd`, so output does not depend on where the checkout lives.
 * Returns `{error}` for an unreadable or malformed file (the command exits 2).
 */
export async function loadLintConfig(explicit: string | undefined, cwd: string): Promise<{config: LintConfig; path?: string} | {error: string}> {
  let path: string | undefined
  if (explicit !== undefined) path = resolve(cwd, explicit)
  else {
    for (let dir = resolve(cwd); ; dir = dirname(dir)) {
      const candidate = join(dir, CONFIG_FILE_NAME)
      // Synchronous: one asynchronous check per directory up to the root cost a turn of the thread pool each.
      if (existsSync(candidate)) {
        path = candidate
        break
      }
      if (dirname(dir) === dir) break
    }
  }
  if (path === undefined) return {config: {suppressions: []}}
  // --config is shown as the user wrote it; a file found upward relative to the working directory.
  const shown = explicit ?? (relative(cwd, path) || path)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return {error: `cannot read config file ${shown}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : String((error as Error).message)}`}
  }
  // The YAML parser is loaded only when there is a config file to read (start-up time).
  const {parseLintConfig} = await import('../findings/config.js')
  const parsed = parseLintConfig(text, shown)
  return parsed.ok ? {config: parsed.config, path: shown} : {error: `invalid config file ${parsed.error}`}
}
