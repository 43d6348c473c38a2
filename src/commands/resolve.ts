// Subpath imports: the @oclif/core index loads far more than a command needs (start-up time).
import * as Flags from '@oclif/core/flags'

import {ReportCommand} from '../cli/report-command.js'
import {analyseInput} from '../cli/analyse.js'
import {analysisFlags} from '../cli/flags.js'
import {loadInput} from '../cli/load.js'
import {colorFlags, makePaint, terminalWidth} from '../cli/output.js'
import {emptyFilterNote, findResource} from '../ack/find.js'
import {filterReport} from '../ack/report.js'
import {exitCodeFor, exitCodeHelp} from '../findings/exit-codes.js'
import {routingDot, routingMermaid} from '../render/graph.js'
import {resolveExplain, resolveJson, resolveJsonStream, resolveMarkdownPieces, resolveTablePieces, type ResolveJson} from '../render/resolve.js'
import {writePieces} from '../cli/write-text.js'
import {loadYaml} from '../sources/files.js'
import {writerForSchema} from '../render/block-yaml.js'
import {jsonDocument, yamlPieces} from '../render/stream-text.js'

export default class Resolve extends ReportCommand {
  static override summary = 'Show which IAM role every ACK resource and namespace resolves to, through which rule, and what fails.'
  static override description = `Reads manifests (-f, or file arguments) or the live cluster and predicts, exactly as the ACK runtime does, the role each resource's controller will use: CARM (account map, team map, service-level keys) or IAMRoleSelector, region/account drift, and start-up errors. The findings are the same rules, with the same ids, that lint reports.

${exitCodeHelp()}`
  static override examples = [
    '<%= config.bin %> resolve -f fixtures/demo',
    'kubectl get ns,cm,iamroleselectors,buckets -A -o yaml | <%= config.bin %> resolve -f -',
    '<%= config.bin %> resolve -f fixtures/demo -o json',
    '<%= config.bin %> resolve -f fixtures/demo --explain bucket/clickstream -n analytics',
  ]
  static override enableJsonFlag = true
  /** File arguments are read like -f. */
  static override strict = false
  static override flags = {
    ...analysisFlags,
    ...colorFlags,
    namespace: Flags.string({char: 'n', summary: 'Only this namespace.'}),
    kind: Flags.string({summary: 'Only this kind (Bucket, buckets, Bucket.s3.services.k8s.aws). Repeatable.', multiple: true}),
    output: Flags.string({char: 'o', summary: 'Output format (mermaid and dot: the routing as a graph).', options: ['table', 'wide', 'json', 'yaml', 'markdown', 'mermaid', 'dot'], default: 'table'}),
    explain: Flags.string({summary: 'Print the decision steps for one resource, as KIND/NAME (use -n for its namespace).'}),
  }

  async run(): Promise<ResolveJson | ReturnType<typeof resolveJsonStream> | Record<string, unknown>> {
    const {flags, argv} = await this.parse(Resolve)
    const snapshot = await loadInput(this, flags, argv as string[])
    // The explanation is built only where it is shown: JSON/YAML output and --explain.
    const explain = Boolean(flags.explain) || this.jsonEnabled() || flags.output === 'json' || flags.output === 'yaml'
    const analysis = await analyseInput(this, snapshot, flags, {explain})
    process.exitCode = exitCodeFor(analysis.summary)
    const paint = await makePaint(flags)

    if (flags.explain) {
      const found = findResource(analysis.report.resources, flags.explain, flags.namespace)
      if ('error' in found) this.error(found.error, {exit: 2})
      if (!this.jsonEnabled()) this.log(resolveExplain(analysis.report, found.resource, paint).trimEnd())
      return resolveJson({...analysis.report, resources: [found.resource]}).resources[0]
    }
    const report = filterReport(analysis.report, snapshot, {namespace: flags.namespace, kinds: flags.kind})
    const note = emptyFilterNote(analysis.report, report, snapshot, {namespace: flags.namespace, kinds: flags.kind})
    if (note && !this.jsonEnabled()) this.logToStderr(`ackctl: ${note}`)
    // Lazy resources, as -o json writes them: ReportCommand writes the document in pieces.
    if (this.jsonEnabled()) return resolveJsonStream(report)
    // Streamed, resource by resource: a report of a million resources is more text than one string may hold.
    const json = resolveJsonStream(report)
    switch (flags.output) {
      case 'json': await writePieces(process.stdout, jsonDocument(json)); break
      case 'yaml': {
        // The yaml package's text, written by block-yaml.ts for its default schema; the yaml package writes what that does not cover.
        const {Document, stringify} = await loadYaml()
        const fast = writerForSchema(new Document(null).schema)
        await writePieces(process.stdout, yamlPieces({...json}, (v) => stringify(v, {lineWidth: 0}), fast))
        break
      }
      case 'markdown': await writePieces(process.stdout, resolveMarkdownPieces(report)); break
      case 'mermaid': process.stdout.write(routingMermaid(report)); break
      case 'dot': process.stdout.write(routingDot(report)); break
      default: {
        // On a terminal the table fits its width (long roles and errors end in …); -o wide and pipes get every cell whole.
        const width = flags.output === 'wide' ? undefined : terminalWidth()
        await writePieces(process.stdout, resolveTablePieces(report, {wide: flags.output === 'wide', paint, filtered: report !== analysis.report, width}))
      }
    }
    return json
  }
}
