import {sourceFlags} from '../cli/flags.js'
import {failInOneLine, liveTimeouts} from '../cli/load.js'
import {exitCodeFor, exitCodeHelp} from '../findings/exit-codes.js'
import {ClusterUnreachableError, InputError} from '../sources/index.js'
import {INCOMPLETE_ANNOTATION} from '../core/annotations.js'
import {ttyProgress} from '../cli/progress.js'
import {ReportCommand} from '../cli/report-command.js'
import {writePieces} from '../cli/write-text.js'

/** A `kind: List` any Kubernetes tool (and `ackctl -f`) reads. */
export interface SnapshotList {
  apiVersion: 'v1'
  kind: 'List'
  /** Only for an incomplete read: `ackctl.io/incomplete` says what is missing, and `-f` carries it over (exit 3). */
  metadata?: {annotations: Record<string, string>}
  items: unknown[]
}

/** ReportCommand: --json is written in pieces, as large as the cluster may be. */
export default class Snapshot extends ReportCommand {
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
    const timeouts = liveTimeouts(this, flags)
    const progress = ttyProgress(process.stderr, {json: this.jsonEnabled()})
    const {loadLiveDocuments} = await import('../sources/live/index.js')
    let result: Awaited<ReturnType<typeof loadLiveDocuments>>
    try {
      result = await loadLiveDocuments({kubeconfig: flags.kubeconfig, context: flags.context, ...timeouts, progress: progress.update})
    } catch (error) {
      if (error instanceof InputError) failInOneLine(this, error.message, 2)
      if (error instanceof ClusterUnreachableError) failInOneLine(this, error.message, 3)
      throw error
    } finally {
      progress.done()
    }
    // stderr even under --json: the JSON must stay a plain List that -f and kubectl read.
    for (const f of result.findings) process.stderr.write(`${f.severity}: ${f.message}\n`)
    process.exitCode = exitCodeFor({failed: false, inputErrors: false, complete: result.complete})
    const items = result.docs.map((d) => d.object)
    const kinds = new Set(items.map((o) => (o as {kind?: string}).kind))
    if (!kinds.has('Deployment') && (kinds.has('CustomResourceDefinition') || items.some((o) => String((o as {apiVersion?: string}).apiVersion).includes('.services.k8s.aws/')))) {
      // The EKS Capability runs outside the cluster: nothing more to read, but the file needs the flag when resolved.
      process.stderr.write('ackctl: no ACK controller Deployment in the cluster: if it runs the EKS Capability for ACK, resolve this file with --eks-capability-role-arn ARN\n')
    }
    if (!this.jsonEnabled()) {
      // One object at a time: a large cluster's file is more text than one string may hold.
      const {snapshotYamlPieces} = await import('../render/snapshot-yaml.js')
      await writePieces(process.stdout, snapshotYamlPieces(items, result.context, result.findings))
    }
    const incomplete = result.findings.map((f) => f.message.replace(/\n/g, ' '))
    return {apiVersion: 'v1', kind: 'List', ...(incomplete.length > 0 ? {metadata: {annotations: {[INCOMPLETE_ANNOTATION]: incomplete.join('\n')}}} : {}), items}
  }
}
