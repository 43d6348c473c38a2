import {appendFileSync, statSync} from 'node:fs'

// Subpath imports: the @oclif/core index loads far more than a command needs (start-up time).
import * as Flags from '@oclif/core/flags'

import {analyseInput} from '../cli/analyse.js'
import {terminalWidth} from '../cli/output.js'
import {ReportCommand} from '../cli/report-command.js'
import {writePieces} from '../cli/write-text.js'
import {loadBase} from '../cli/base.js'
import {analysisFlags} from '../cli/flags.js'
import {failInOneLine, loadInput} from '../cli/load.js'
import {diffRouting} from '../diff/routing.js'
import {exitCodeFor, exitCodeHelp} from '../findings/exit-codes.js'
import {diffJson, diffMarkdown, diffMarkdownPieces, diffTablePieces, type DiffJson} from '../render/diff.js'
import {findingWhere} from '../render/findings.js'
import {STEP_SUMMARY_BYTES} from '../render/markdown-fit.js'
import {routingMermaid} from '../render/graph.js'
import {jsonDocument} from '../render/stream-text.js'

export default class Diff extends ReportCommand {
  static override summary = 'What a change does to role routing: resources and namespaces that move account, start failing or fall back to default credentials.'
  static override description = `Resolves the configuration twice with the same controller settings: --base (a file or directory, or a git revision whose version of the same -f paths is read from the repository) and the files as they are, and lists every resource and namespace x kind whose outcome, role, account, selector or error changes, grouped by kind of change. Exit 1 when the change introduces a predicted failure or a fall-back to the controller's own credentials (--allow-regressions accepts them). In GitHub Actions the Markdown is also appended to the job summary.

${exitCodeHelp()}`
  static override examples = [
    '<%= config.bin %> diff --base origin/main -f deploy/ -R',
    '<%= config.bin %> diff --base fixtures/diff/01-account-move/base -f fixtures/diff/01-account-move/head',
    '<%= config.bin %> diff --base fixtures/diff/02-new-failure/base fixtures/diff/02-new-failure/head -o markdown',
  ]
  static override enableJsonFlag = true
  static override strict = false
  static override flags = {
    ...analysisFlags,
    base: Flags.string({summary: 'The state to compare with: a file or directory, or a git revision (the same -f paths at that revision).', required: true}),
    output: Flags.string({char: 'o', summary: 'Output format.', options: ['table', 'json', 'markdown'], default: 'table'}),
    'limit-bytes': Flags.integer({summary: 'Cut -o markdown to at most this many bytes: the sentences, then as many rows as fit, and how many are left out (a pull-request comment holds 65536 characters).', min: 1024}),
    'allow-regressions': Flags.boolean({summary: 'Exit 0 even when the change introduces predicted failures or fall-backs to default credentials (still reported).', default: false}),
  }

  async run(): Promise<DiffJson> {
    const {flags, argv} = await this.parse(Diff)
    if (flags['limit-bytes'] !== undefined && flags.output !== 'markdown') {
      this.error(`--limit-bytes cuts -o markdown only (this run writes -o ${flags.output}): add -o markdown, or leave --limit-bytes out`, {exit: 2})
    }
    const paths = [...(flags.filename ?? []), ...(argv as string[])]
    if (paths.length === 0) failInOneLine(this, 'diff compares files: give the head side with -f (or file arguments), and the base with --base', 2)
    const head = await loadInput(this, flags, argv as string[])
    const base = await loadBase(this, flags.base, paths, flags.recursive)
    const after = await analyseInput(this, head, flags)
    const before = await analyseInput(this, base.snapshot, flags)
    const diff = diffRouting(before.report, after.report)
    // The diff shows no findings: what makes it exit 2 or 3 is said on stderr, with the side it is on.
    for (const [side, analysis] of [['base', before], ['head', after]] as const) {
      for (const f of analysis.report.findings) {
        if (f.rule === 'input-invalid' || f.rule === 'cluster-unreadable') this.logToStderr(`ackctl: ${side}: ${findingWhere(f) || 'input'}: ${f.message}`)
      }
    }
    process.exitCode = exitCodeFor({
      failed: diff.regressions > 0 && !flags['allow-regressions'],
      inputErrors: before.summary.inputErrors || after.summary.inputErrors,
      complete: before.summary.complete && after.summary.complete,
    })
    const graph = routingMermaid(after.report)
    const summaryFile = process.env.GITHUB_STEP_SUMMARY
    if (process.env.GITHUB_ACTIONS === 'true' && summaryFile) {
      // GitHub drops a step's whole summary past 1 MiB: what the step wrote before counts too.
      const room = STEP_SUMMARY_BYTES - summaryBytes(summaryFile)
      if (room >= 1024) appendFileSync(summaryFile, diffMarkdown(diff, {graph, limit: room}))
      else this.logToStderr(`ackctl: the job summary (${summaryFile}) is nearly at GitHub's 1 MiB limit: the diff is not added to it`)
    }
    const json = diffJson(diff)
    if (this.jsonEnabled()) return json
    // A change can list every resource: each format is written in pieces.
    const pieces = flags.output === 'json' ? jsonDocument(json)
      : flags.output === 'markdown' ? diffMarkdownPieces(diff, {graph, limit: flags['limit-bytes']})
        : diffTablePieces(diff, terminalWidth())
    await writePieces(process.stdout, pieces)
    return json
  }
}

/** The size of a file, 0 when it does not exist yet. */
function summaryBytes(file: string): number {
  try {
    return statSync(file).size
  } catch {
    return 0
  }
}
