import type {Command} from '@oclif/core/command'

import {loadLintConfig} from './config-file.js'
import {settingsOverrides} from './flags.js'
import {failInOneLine} from './load.js'
import {ttyProgress} from './progress.js'
import {capabilityFromOverrides} from '../ack/capability.js'
import type {Snapshot} from '../core/types.js'
import {analyse, type Analysis} from '../findings/analyse.js'
import {isDate} from '../findings/dates.js'
import type {FailOn} from '../findings/verdict.js'

/**
 * The one analysis every command runs on its input, with the verdict flags applied: controller
 * settings from the flags, suppressions from `.ackctl.yaml` (or --config), their expiry day, --fail-on.
 * A bad --today or config file exits 2 with a message.
 */
export async function analyseInput(command: Command, snapshot: Snapshot, flags: Record<string, unknown>, opts: {explain?: boolean; matrix?: boolean} = {}): Promise<Analysis> {
  const today = typeof flags.today === 'string' ? flags.today : new Date().toISOString().slice(0, 10)
  if (!isDate(today)) command.error(`--today ${JSON.stringify(today)} is not a date; use YYYY-MM-DD`, {exit: 2})
  const loaded = await loadLintConfig(typeof flags.config === 'string' ? flags.config : undefined, process.cwd())
  if ('error' in loaded) command.error(loaded.error, {exit: 2})
  const failOn = (typeof flags['fail-on'] === 'string' ? flags['fail-on'] : 'error') as FailOn
  const overrides = settingsOverrides(flags)
  const capability = capabilityFromOverrides(overrides, eksClusterAccount(snapshot.clusterName))
  if (!capability.ok) failInOneLine(command, capability.error, 2)
  // A large input takes seconds to resolve: say so on a terminal (nothing when piped or under --json).
  const progress = ttyProgress(process.stderr, {json: command.jsonEnabled(), intervalMs: 0})
  const cells = opts.matrix === false ? 0 : snapshot.namespaces.length * snapshot.kinds.length
  if (snapshot.resources.length + cells >= LARGE_INPUT) progress.update?.(`resolving ${snapshot.resources.length} resources${cells > 0 ? ` and ${cells} namespace x kind cells` : ''}`)
  try {
    return analyse(snapshot, {overrides, config: loaded.config, today, failOn, explain: opts.explain, matrix: opts.matrix})
  } finally {
    progress.done()
  }
}

const LARGE_INPUT = 20_000

/** The account of an EKS cluster named by its ARN (kubeconfig cluster names written by `aws eks update-kubeconfig`). */
function eksClusterAccount(name: string | undefined): {accountID: string; from: string} | undefined {
  const m = /^arn:aws[a-z-]*:eks:[a-z0-9-]+:(\d{12}):cluster\/.+$/.exec(name ?? '')
  return m ? {accountID: m[1], from: `kubeconfig cluster ${name}`} : undefined
}
