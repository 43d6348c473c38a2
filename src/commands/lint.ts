import {resolve} from 'node:path'

// Subpath imports: the @oclif/core index loads far more than a command needs (start-up time).
import * as Flags from '@oclif/core/flags'

import {ReportCommand} from '../cli/report-command.js'
import {analyseInput} from '../cli/analyse.js'
import {analysisFlags} from '../cli/flags.js'
import {loadInput} from '../cli/load.js'
import {colorFlags, makePaint} from '../cli/output.js'
import {docsUrlFrom, pairOutputs} from '../cli/outputs.js'
import {ruleCatalog} from '../findings/catalog.js'
import {exitCodeFor, exitCodeHelp} from '../findings/exit-codes.js'
import type {RuleInfo} from '../findings/types.js'
import {LINT_FORMATS, type LintFormat} from '../render/lint-formats.js'
import {lintJsonStream} from '../render/lint-json.js'
import {STEP_SUMMARY_BYTES} from '../render/markdown-fit.js'
import {rulesMarkdown, rulesTable} from '../render/lint-rules-doc.js'
import {NO_PAINT, type Paint} from '../render/paint.js'
import {writeFileStreamed, writePieces} from '../cli/write-text.js'

export default class Lint extends ReportCommand {
  static override summary = 'Lint CARM ConfigMaps, namespace annotations, IAMRoleSelectors and controller settings for CI.'
  static override description = `Every rule has a stable id, a severity and a remediation (--list-rules; docs/rules.md); resolve, migrate-carm and verify-trust report the same rules. Suppress a finding with the annotation ignore-check.ackctl.io/<rule-id>: "<reason>" on the object, or in .ackctl.yaml (lint.suppressions: [{rule, object, reason, expires}]).

${exitCodeHelp()}`
  static override examples = [
    '<%= config.bin %> lint -f manifests/ -R',
    '<%= config.bin %> lint -f manifests/ -R -o sarif --output-file lint.sarif -o text',
    'helm template charts/platform | <%= config.bin %> lint -f -',
    '<%= config.bin %> lint fixtures/demo --fail-on warning',
    '<%= config.bin %> lint --list-rules',
  ]
  static override enableJsonFlag = true
  /** File arguments after the flags are read like -f (pre-commit appends the changed files). */
  static override strict = false
  static override flags = {
    ...analysisFlags,
    ...colorFlags,
    output: Flags.string({char: 'o', aliases: ['format'], summary: 'Output format; repeatable, each paired by position with an --output-file (--format is an older name).', options: Object.keys(LINT_FORMATS), multiple: true, multipleNonGreedy: true}),
    'output-file': Flags.string({summary: 'File for the -o format at the same position (stdout when none, or -).', multiple: true, multipleNonGreedy: true}),
    'limit-bytes': Flags.integer({summary: 'Cut -o markdown to at most this many bytes: the verdict, then as many findings as fit, and how many are left out. Written to $GITHUB_STEP_SUMMARY, it is cut to GitHub\'s 1 MiB without this flag.', min: 1024}),
    'list-rules': Flags.boolean({summary: 'Print the rule catalog and exit.', default: false}),
  }

  async run(): Promise<ReturnType<typeof lintJsonStream> | RuleInfo[] | undefined> {
    const {flags, argv} = await this.parse(Lint)
    const formats = (flags.output ?? ['text']) as LintFormat[]
    const paired = pairOutputs(formats, flags['output-file'] ?? [], this.argv)
    if ('error' in paired) this.error(paired.error, {exit: 2})
    if (flags['limit-bytes'] !== undefined && !formats.includes('markdown')) {
      this.error(`--limit-bytes cuts -o markdown only, and no -o markdown is asked for (-o ${formats.join(', -o ')}): add -o markdown, or leave --limit-bytes out`, {exit: 2})
    }
    if (flags['list-rules']) return this.listRules(formats[0])

    const snapshot = await loadInput(this, flags, argv as string[])
    // lint shows findings only: no namespace x kind matrix (the same findings, see AnalysisOptions.matrix).
    const report = await analyseInput(this, snapshot, flags, {matrix: false})
    process.exitCode = exitCodeFor(report.summary)
    const options = {toolVersion: this.config.version, docsUrl: docsUrlFrom(this.config.pjson.repository)}
    // GitHub drops a job summary of more than 1 MiB whole.
    const summary = process.env.GITHUB_STEP_SUMMARY ? resolve(process.env.GITHUB_STEP_SUMMARY) : undefined
    for (const target of paired.targets) {
      // Every format is streamed: a million findings are more text than one string may hold.
      const toSummary = summary !== undefined && target.file !== undefined && resolve(target.file) === summary
      const limit = flags['limit-bytes'] ?? (toSummary ? STEP_SUMMARY_BYTES : undefined)
      const text = (paint: Paint): Iterable<string> => LINT_FORMATS[target.format](report, {...options, paint, limit})
      if (target.file === undefined) {
        if (!this.jsonEnabled()) await writePieces(process.stdout, text(await makePaint(flags)))
        continue
      }
      try {
        await writeFileStreamed(target.file, text(NO_PAINT))
      } catch (error) {
        this.error(`cannot write --output-file ${target.file}: ${(error as Error).message}`, {exit: 2})
      }
    }
    // --json: oclif writes what run returns (ReportCommand, in pieces); otherwise nothing reads it.
    return this.jsonEnabled() ? lintJsonStream(report) : undefined
  }

  private listRules(format: LintFormat): RuleInfo[] {
    const catalog = ruleCatalog()
    if (!this.jsonEnabled()) {
      if (format === 'json') this.log(JSON.stringify(catalog, null, 2))
      else process.stdout.write(format === 'markdown' ? rulesMarkdown(catalog) : rulesTable(catalog))
    }
    return catalog
  }
}
