import {lstat, mkdir, rename, rm, stat, writeFile} from 'node:fs/promises'
import {basename, dirname, join, resolve} from 'node:path'

// Subpath imports: the @oclif/core index loads far more than a command needs (start-up time).
import {Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'

import {controllerFlags, settingsOverrides, sourceFlags} from '../cli/flags.js'
import {loadInput} from '../cli/load.js'
import {colorFlags, makePaint} from '../cli/output.js'
import {effectiveControllers} from '../ack/controllers.js'
import {exitCodeFor, exitCodeHelp} from '../findings/exit-codes.js'
import {planMigration, DEFAULT_LABEL_KEY, type MigrationResult, type Strategy} from '../migrate/index.js'
import {labelKeyProblem} from '../migrate/names.js'
import {isSafeFileName, migrationFiles, type OutputFile} from '../render/migrate-files.js'
import {migrateReport} from '../render/migrate-report.js'
import {selectorsYaml} from '../render/migrate-yaml.js'

/**
 * Writes the files into `dir` (created if missing) and never outside it: plain names only, and an
 * existing symbolic link or non-file at a target is refused (lstat), never followed; each file is
 * written to a fresh temporary name and renamed over the target. Returns the paths written.
 */
export async function writeOutputDir(dir: string, files: OutputFile[]): Promise<string[]> {
  const root = resolve(dir)
  const before = await stat(root).catch(() => undefined)
  if (before && !before.isDirectory()) throw new Error(`${dir} exists and is not a directory`)
  await mkdir(root, {recursive: true})
  if (!(await stat(root)).isDirectory()) throw new Error(`${dir} is not a directory`)
  const written: string[] = []
  for (const f of files) {
    const target = resolve(root, f.name)
    if (!isSafeFileName(f.name) || dirname(target) !== root || basename(target) !== f.name) throw new Error(`refusing to write ${JSON.stringify(f.name)}: not a plain file name inside ${dir}`)
    const existing = await lstat(target).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e)))
    if (existing && !existing.isFile()) throw new Error(`refusing to write ${target}: it exists and is not a regular file (a symbolic link or a directory)`)
    const tmp = join(root, `.${f.name}.${process.pid}.tmp`)
    await rm(tmp, {force: true})
    await writeFile(tmp, f.content, {flag: 'wx', mode: 0o644})
    await rename(tmp, target)
    written.push(join(dir, f.name))
  }
  return written
}

export default class MigrateCarm extends Command {
  static override summary = 'Turn the CARM configuration into IAMRoleSelectors, and prove every namespace and resource keeps its role.'
  static override description = `Translates the CARM maps (account map, team map, service-level keys) and namespace annotations into IAMRoleSelector manifests, then resolves every resource and every namespace x installed kind twice with the real engine: today, and with every controller on --enable-carm=false and the IAMRoleSelector gate. Manifests go to stdout (or --output-dir), the proof, notes and cut-over plan to stderr.

${exitCodeHelp()}`
  static override examples = [
    '<%= config.bin %> migrate-carm -f cluster.yaml > selectors.yaml',
    '<%= config.bin %> migrate-carm --context prod --output-dir migration/',
    '<%= config.bin %> migrate-carm -f cluster.yaml --strategy labels --json',
  ]
  static override enableJsonFlag = true
  static override flags = {
    ...sourceFlags,
    ...controllerFlags,
    ...colorFlags,
    strategy: Flags.string({summary: 'names: list namespaces by name; labels: select a namespace label (and print the label changes).', options: ['names', 'labels'], default: 'names'}),
    'label-key': Flags.string({summary: 'Label key for namespaces (labels strategy) and for resources that need one.', default: DEFAULT_LABEL_KEY}),
    'output-dir': Flags.string({summary: 'Write one file per selector, plan.md and the label changes into this directory (created if missing).'}),
    'allow-differences': Flags.boolean({summary: 'Exit 0 even when the proof finds differences (they are still reported).', default: false}),
  }

  async run(): Promise<MigrationResult> {
    const {flags} = await this.parse(MigrateCarm)
    const problem = labelKeyProblem(flags['label-key'])
    if (problem) this.error(`--label-key ${JSON.stringify(flags['label-key'])} is not a valid label key: ${problem}`, {exit: 2})
    const snapshot = await loadInput(this, flags)
    const {controllers, findings} = effectiveControllers(snapshot, settingsOverrides(flags))
    const strategy = flags.strategy as Strategy
    const live = (flags.filename ?? []).length === 0
    const sourceArgs = [...(flags.filename ?? []).flatMap((f) => ['-f', f]), ...(flags.recursive ? ['-R'] : []),
      ...(['kubeconfig', 'context', 'account-id', 'aws-region', 'watch-namespace', 'ack-system-namespace'] as const).flatMap((k) => (flags[k] === undefined ? [] : [`--${k}`, flags[k] as string]))]
    const result = planMigration(snapshot, controllers, {strategy, labelKey: flags['label-key'], invocation: {sourceArgs, live, outputDir: flags['output-dir']}}, [...snapshot.findings, ...findings])
    process.exitCode = exitCodeFor({failures: !result.equivalent && !flags['allow-differences'], incomplete: !snapshot.complete})
    if (flags['output-dir']) {
      try {
        const written = await writeOutputDir(flags['output-dir'], migrationFiles(result, strategy))
        this.logToStderr(`wrote ${written.join(', ')}`)
      } catch (error) {
        this.error(`--output-dir: ${(error as Error).message}`, {exit: 2})
      }
    } else if (!this.jsonEnabled() && result.selectors.length > 0) {
      process.stdout.write(selectorsYaml(result.selectors))
    }
    if (!this.jsonEnabled()) process.stderr.write(migrateReport(result, (await makePaint(flags, process.stderr))))
    return result
  }
}
