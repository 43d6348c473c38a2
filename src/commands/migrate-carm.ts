// Subpath imports: the @oclif/core index loads far more than a command needs (start-up time).
import * as Flags from '@oclif/core/flags'

import {ReportCommand} from '../cli/report-command.js'
import {analyseInput} from '../cli/analyse.js'
import type {Analysis} from '../findings/analyse.js'
import {analysisFlags} from '../cli/flags.js'
import {failInOneLine, loadInput} from '../cli/load.js'
import {capabilityFromOverrides} from '../ack/capability.js'
import {writeOutputDir} from '../cli/write-dir.js'
import {colorFlags, makePaint} from '../cli/output.js'
import {exitCodeFor, exitCodeHelp} from '../findings/exit-codes.js'
import {migrateAnalysed, DEFAULT_LABEL_KEY, type MigrationResult, type Strategy} from '../migrate/index.js'
import {labelKeyProblem} from '../migrate/names.js'
import {migrationFiles} from '../render/migrate-files.js'
import {migrateReport} from '../render/migrate-report.js'
import {selectorsYaml} from '../render/migrate-yaml.js'
import {jsonDocument} from '../render/stream-text.js'
import {writePieces} from '../cli/write-text.js'

export default class MigrateCarm extends ReportCommand {
  static override summary = 'Turn the CARM configuration into IAMRoleSelectors, and prove every namespace and resource keeps its role.'
  static override description = `Translates the CARM maps (account map, team map, service-level keys) and namespace annotations into IAMRoleSelector manifests, then resolves every resource and every namespace x installed kind twice with the real engine: today, and with every controller on --enable-carm=false and the IAMRoleSelector gate. Manifests go to stdout (or --output-dir), the proof, notes and cut-over plan to stderr.

${exitCodeHelp()}`
  static override examples = [
    '<%= config.bin %> migrate-carm -f cluster.yaml > selectors.yaml',
    '<%= config.bin %> migrate-carm --context prod --output-dir migration/',
    '<%= config.bin %> migrate-carm -f cluster.yaml --strategy labels --json',
    '<%= config.bin %> migrate-carm --context prod --output-dir migration/ --to-eks-capability-role-arn arn:aws:iam::111122223333:role/ACKCapabilityRole',
  ]
  static override enableJsonFlag = true
  /** File arguments are read like -f. */
  static override strict = false
  static override flags = {
    ...analysisFlags,
    ...colorFlags,
    strategy: Flags.string({summary: 'names: list namespaces by name; labels: select a namespace label (and print the label changes).', options: ['names', 'labels'], default: 'names'}),
    'label-key': Flags.string({summary: 'Label key for namespaces (labels strategy) and for resources that need one.', default: DEFAULT_LABEL_KEY}),
    'output-dir': Flags.string({summary: 'Write one file per selector, plan.md and the label changes into this directory (created if missing).'}),
    'allow-differences': Flags.boolean({summary: 'Exit 0 even when the proof finds differences (they are still reported).', default: false}),
    'allow-starts-acting': Flags.boolean({summary: 'Exit 0 even when resources that fail today would start acting after the cut-over (they are still reported).', default: false}),
    output: Flags.string({char: 'o', summary: 'yaml: the manifests on stdout, the report on stderr; json: the whole result (as --json).', options: ['yaml', 'json'], default: 'yaml'}),
    'to-eks-capability-role-arn': Flags.string({summary: 'Cut over from self-managed controllers to the EKS Capability with this capability role: the proof resolves the target as the capability, the plan adds the trust and policy changes.'}),
    'to-eks-capability-arn': Flags.string({summary: 'The capability\'s ARN (region and session tag), with --to-eks-capability-role-arn.'}),
  }

  async run(): Promise<MigrationResult> {
    const {flags, argv} = await this.parse(MigrateCarm)
    const problem = labelKeyProblem(flags['label-key'])
    if (problem) this.error(`--label-key ${JSON.stringify(flags['label-key'])} is not a valid label key: ${problem}`, {exit: 2})
    const files = [...(flags.filename ?? []), ...(argv as string[])]
    const snapshot = await loadInput(this, flags, argv as string[])
    // Only the verdict, the controllers and the findings are read from here on: the resolution of
    // every resource and namespace cell is left for the collector (and the matrix, which nothing
    // here shows, is not resolved), since the migration resolves everything twice more.
    const analysis = pickForMigration(await analyseInput(this, snapshot, flags, {matrix: false}))
    const to = capabilityFromOverrides({eksCapabilityRoleARN: flags['to-eks-capability-role-arn'], eksCapabilityARN: flags['to-eks-capability-arn']})
    if (!to.ok) failInOneLine(this, to.error.replace(/--eks-capability-/g, '--to-eks-capability-'), 2)
    if (to.capability && analysis.controllers.some((c) => c.capability)) {
      failInOneLine(this, '--to-eks-capability-role-arn with --eks-capability-role-arn: the cluster already runs the EKS Capability; migrate-carm translates its CARM configuration without --to-eks-capability-role-arn', 2)
    }
    const strategy = flags.strategy as Strategy
    const sourceArgs = [...files.flatMap((f) => ['-f', f]), ...(flags.recursive ? ['-R'] : []),
      ...(['kubeconfig', 'context', 'account-id', 'aws-region', 'watch-namespace', 'ack-system-namespace'] as const).flatMap((k) => (flags[k] === undefined ? [] : [`--${k}`, flags[k] as string]))]
    // The input's problems are notes with the catalog's rule ids, as lint and resolve report them.
    const result = migrateAnalysed(snapshot, analysis, {strategy, labelKey: flags['label-key'], invocation: {sourceArgs, live: files.length === 0, outputDir: flags['output-dir']}, ...(to.capability ? {capability: to.capability} : {})})
    const migrationFails = (!result.equivalent && !flags['allow-differences']) || (result.summary.startsActing > 0 && !flags['allow-starts-acting'])
    process.exitCode = exitCodeFor({...analysis.summary, failed: analysis.summary.failed || migrationFails})
    const json = this.jsonEnabled() || flags.output === 'json'
    if (flags['output-dir']) {
      try {
        const {written, removed} = await writeOutputDir(flags['output-dir'], migrationFiles(result, strategy))
        this.logToStderr(`wrote ${written.join(', ')}`)
        if (removed.length > 0) this.logToStderr(`removed files of an earlier run that this run does not generate: ${removed.join(', ')}`)
      } catch (error) {
        this.error(`--output-dir: ${(error as Error).message}`, {exit: 2})
      }
    } else if (!json && result.selectors.length > 0) {
      process.stdout.write(selectorsYaml(result.selectors))
    }
    // Streamed: at 200k resources the notes alone are over 100 MB of JSON.
    if (flags.output === 'json' && !this.jsonEnabled()) await writePieces(process.stdout, jsonDocument(result))
    if (!json) process.stderr.write(migrateReport(result, (await makePaint(flags, process.stderr))))
    return result
  }
}

function pickForMigration({summary, controllers, findings}: Analysis): Pick<Analysis, 'summary' | 'controllers' | 'findings'> {
  return {summary, controllers, findings}
}
