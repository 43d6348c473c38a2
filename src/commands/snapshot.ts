import {Command} from '@oclif/core/command'

import {sourceFlags} from '../cli/flags.js'
import {failInOneLine} from '../cli/load.js'
import {parseDuration} from '../cli/output.js'
import {exitCodeFor, exitCodeHelp} from '../findings/exit-codes.js'
import {ClusterUnreachableError, InputError} from '../sources/index.js'
import {INCOMPLETE_ANNOTATION} from '../core/annotations.js'
import {ttyProgress} from '../cli/progress.js'

/** A `kind: List` any Kubernetes tool (and `ackctl -f`) reads. */
export interface SnapshotList {
  apiVersion: 'v1'
  kind: 'List'
  /** Only for an incomplete read: `ackctl.io/incomplete` says what is missing, and `-f` carries it over (exit 3). */
  metadata?: {annotations: Record<string, string>}
  items: unknown[]
}

export default class Snapshot extends Command {
  static override summary = 'Print everything ackctl reads from the cluster as one YAML file, to resolve later with -f.'
  static override description = `Reads the live cluster exactly as \`ackctl resolve\` does (GET only) and prints those objects as one multi-document YAML file: ACK CRDs, Namespaces, IAMRoleSelectors, ACK controller Deployments and their ServiceAccounts, the CARM ConfigMaps, and every ACK resource with its status. \`ackctl resolve -f\` on that file gives the same report as the live run. With --json it prints one \`kind: List\`, which -f reads too.

If a collection cannot be read, it is named on stderr (and in a comment at the top of the file), the file holds the rest, and the exit code is 3.

${exitCodeHelp()}`
  static override examples = [
    '<%= config.bin %> snapshot > cluster.yaml',
    '<%= config.bin %> snapshot --context prod-eu > prod-eu.yaml && <%= config.bin %> resolve -f prod-eu.yaml',
  ]
  static override enableJsonFlag = true
  static override flags = {
    kubeconfig: sourceFlags.kubeconfig,
    context: sourceFlags.context,
    'request-timeout': sourceFlags['request-timeout'],
    'read-timeout': sourceFlags['read-timeout'],
  }

  async run(): Promise<SnapshotList> {
    const {flags} = await this.parse(Snapshot)
    const timeout = parseDuration(flags['request-timeout'])
    if (timeout === undefined) this.error(`--request-timeout ${JSON.stringify(flags['request-timeout'])} is not a duration; use e.g. 30s, 1m or 0`, {exit: 2})
    const readTimeout = parseDuration(flags['read-timeout'])
    if (readTimeout === undefined) this.error(`--read-timeout ${JSON.stringify(flags['read-timeout'])} is not a duration; use e.g. 5m, 90s or 0`, {exit: 2})
    const progress = ttyProgress(process.stderr, {json: this.jsonEnabled()})
    const {loadLiveDocuments} = await import('../sources/live/index.js')
    let result: Awaited<ReturnType<typeof loadLiveDocuments>>
    try {
      result = await loadLiveDocuments({kubeconfig: flags.kubeconfig, context: flags.context, requestTimeoutMs: timeout, readTimeoutMs: readTimeout, progress: progress.update})
    } catch (error) {
      if (error instanceof InputError) this.error(error.message, {exit: 2})
      if (error instanceof ClusterUnreachableError) failInOneLine(this, error.message, 3)
      throw error
    } finally {
      progress.done()
    }
    // stderr even under --json: the JSON must stay a plain List that -f and kubectl read.
    for (const f of result.findings) process.stderr.write(`${f.severity}: ${f.message}\n`)
    process.exitCode = exitCodeFor({failed: false, inputErrors: false, complete: result.complete})
    const items = result.docs.map((d) => d.object)
    if (!this.jsonEnabled()) {
      const {snapshotYaml} = await import('../render/snapshot-yaml.js')
      process.stdout.write(snapshotYaml(items, result.context, result.findings))
    }
    const incomplete = result.findings.map((f) => f.message.replace(/\n/g, ' '))
    return {apiVersion: 'v1', kind: 'List', ...(incomplete.length > 0 ? {metadata: {annotations: {[INCOMPLETE_ANNOTATION]: incomplete.join('\n')}}} : {}), items}
  }
}
