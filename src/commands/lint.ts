import {writeFile} from 'node:fs/promises'

// Subpath imports: the @oclif/core index loads far more than a command needs (start-up time).
import {Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'

import {controllerFlags, settingsOverrides, sourceFlags} from '../cli/flags.js'
import {loadInput} from '../cli/load.js'
import {colorFlags, makePaint} from '../cli/output.js'
import {loadLintConfig} from '../cli/config-file.js'
import {isDate} from '../findings/config.js'
import {docsUrlFrom, pairOutputs} from '../cli/outputs.js'
import {runLint} from '../findings/analyse.js'
import type {FailOn} from '../findings/verdict.js'
import {exitCodeFor, exitCodeHelp} from '../findings/exit-codes.js'
import {LINT_FORMATS, type LintFormat} from '../render/lint-formats.js'
import {lintJson, type LintJson} from '../render/lint-json.js'
import {rulesMarkdown, rulesTable} from '../render/lint-rules-doc.js'
import {NO_PAINT} from '../render/paint.js'
import {ruleCatalog} from '../findings/catalog.js'
import type {RuleInfo} from '../findings/types.js'

export default class Lint extends Command {
  static override summary = 'Lint CARM ConfigMaps, namespace annotations, IAMRoleSelectors and controller settings for CI.'
  static override description = `Every rule has a stable id, a severity and a remediation (--list-rules; docs/rules.md). Suppress a finding with the annotation ignore-check.ackctl.io/<rule-id>: "<reason>" on the object, or in .ackctl.yaml (lint.suppressions: [{rule, object, reason, expires}]).

${exitCodeHelp()}`
  static override examples = [
    '<%= config.bin %> lint -f manifests/ -R',
    '<%= config.bin %> lint -f manifests/ -R --format sarif --output lint.sarif --format text',
    'helm template charts/platform | <%= config.bin %> lint -f -',
    '<%= config.bin %> lint deploy/a.yaml deploy/b.yaml --fail-on warning',
    '<%= config.bin %> lint --list-rules',
  ]
  static override enableJsonFlag = true
  /** File arguments after the flags are read like -f (pre-commit appends the changed files). */
  static override strict = false
  static override flags = {
    ...sourceFlags,
    ...controllerFlags,
    ...colorFlags,
    format: Flags.string({summary: 'Output format; repeatable, each paired by position with an --output.', options: Object.keys(LINT_FORMATS), multiple: true, multipleNonGreedy: true}),
    output: Flags.string({summary: 'File for the --format at the same position (stdout when none, or -).', multiple: true, multipleNonGreedy: true}),
    'fail-on': Flags.string({summary: 'Exit 1 when an unsuppressed finding has this severity or worse.', options: ['error', 'warning', 'none'], default: 'error'}),
    config: Flags.string({summary: 'Config file with suppressions (default: .ackctl.yaml from the working directory upward).'}),
    'list-rules': Flags.boolean({summary: 'Print the rule catalog and exit.', default: false}),
    today: Flags.string({summary: 'Judge suppression expiry as of this date (YYYY-MM-DD, UTC; default: today).'}),
  }

  async run(): Promise<LintJson | RuleInfo[]> {
    const {flags, argv} = await this.parse(Lint)
    const extra = argv as string[]
    const formats = (flags.format ?? ['text']) as LintFormat[]
    const paired = pairOutputs(formats, flags.output ?? [], this.argv)
    if ('error' in paired) this.error(paired.error, {exit: 2})
    if (flags['list-rules']) return this.listRules(formats[0])
    const today = flags.today ?? new Date().toISOString().slice(0, 10)
    if (!isDate(today)) this.error(`--today ${JSON.stringify(today)} is not a date; use YYYY-MM-DD`, {exit: 2})
    const loaded = await loadLintConfig(flags.config, process.cwd())
    if ('error' in loaded) this.error(loaded.error, {exit: 2})

    const snapshot = await loadInput(this, {...flags, filename: [...(flags.filename ?? []), ...extra]})
    const report = runLint(snapshot, {overrides: settingsOverrides(flags), config: loaded.config, today, failOn: flags['fail-on'] as FailOn})
    process.exitCode = exitCodeFor({failures: report.summary.failed, incomplete: !report.summary.complete})
    const options = {toolVersion: this.config.version, docsUrl: docsUrlFrom(this.config.pjson.repository)}
    for (const target of paired.targets) {
      if (target.file === undefined) {
        if (!this.jsonEnabled()) process.stdout.write(LINT_FORMATS[target.format](report, {...options, paint: (await makePaint(flags))}))
        continue
      }
      try {
        await writeFile(target.file, LINT_FORMATS[target.format](report, {...options, paint: NO_PAINT}))
      } catch (error) {
        this.error(`cannot write --output ${target.file}: ${(error as Error).message}`, {exit: 2})
      }
    }
    return lintJson(report)
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
