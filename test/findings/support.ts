import {readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {settingsOverrides} from '../../src/cli/flags.js'
import {parseLintConfig, type LintConfig} from '../../src/findings/config.js'
import {runLint} from '../../src/findings/analyse.js'
import type {LintReport} from '../../src/findings/verdict.js'
import type {SettingsOverrides} from '../../src/ack/settings.js'
import {loadSnapshot} from '../../src/sources/index.js'

/** The day every lint test judges suppression expiry against. */
export const TEST_TODAY = '2026-06-01'

/** `--name value` / `--name=value` controller flags (as in a fixture's `# args:` header) as overrides. */
export function overridesFromArgs(args: string[]): SettingsOverrides {
  const flags: Record<string, string> = {}
  for (let i = 0; i < args.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(args[i])
    if (!m) throw new Error(`bad fixture argument ${args[i]}`)
    flags[m[1]] = m[2] ?? args[++i]
  }
  return settingsOverrides(flags)
}

export interface FixtureHeader {
  args: string[]
  expect?: number
  messages: string[]
  config?: string
}

/** Reads the `# args:`, `# expect:`, `# message:` and `# config:` comment lines of a fixture. */
export function readHeader(file: string): FixtureHeader {
  const header: FixtureHeader = {args: [], messages: []}
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^# (args|expect|message|config): (.*)$/.exec(line)
    if (!m) continue
    if (m[1] === 'args') header.args.push(...m[2].trim().split(/\s+/))
    else if (m[1] === 'expect') header.expect = Number(m[2])
    else if (m[1] === 'message') header.messages.push(m[2])
    else header.config = join(dirname(file), m[2].trim())
  }
  return header
}

/** Loads files through the real loader and lints them, like `ackctl lint -f FILES ARGS` would. */
export async function lintFiles(files: string[], opts: {args?: string[]; config?: LintConfig; today?: string} = {}): Promise<LintReport> {
  const snapshot = await loadSnapshot({filenames: files, recursive: true})
  return runLint(snapshot, {
    overrides: overridesFromArgs(opts.args ?? []),
    config: opts.config ?? {suppressions: []},
    today: opts.today ?? TEST_TODAY,
    failOn: 'error',
  })
}

/** Lints one fixture with the settings its header asks for. */
export async function lintFixture(file: string): Promise<LintReport> {
  const header = readHeader(file)
  let config: LintConfig | undefined
  if (header.config) {
    const parsed = parseLintConfig(readFileSync(header.config, 'utf8'), header.config)
    if (!parsed.ok) throw new Error(parsed.error)
    config = parsed.config
  }
  return lintFiles([file], {args: header.args, config})
}
