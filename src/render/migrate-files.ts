import type {MigrationResult, Strategy} from '../migrate/types.js'
import {migrateMarkdown} from './migrate-report.js'
import {labelScript, namespaceLabelsYaml, selectorYaml} from './migrate-yaml.js'

export interface OutputFile {
  /** A plain file name (no directory part), checked by `isSafeFileName`. */
  name: string
  content: string
}

/**
 * A file name that stays inside the output directory on every platform: lowercase letters, digits,
 * dots and dashes, starting with a letter or digit, no `..`, at most 255 characters.
 */
export function isSafeFileName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && /^[a-z0-9][a-z0-9.-]*$/.test(name) && !name.includes('..')
}

/**
 * The files of `--output-dir`: `<selector name>.yaml` per selector, `plan.md`, and the label changes
 * (`namespace-labels.yaml` and `label-namespaces.sh` for the labels strategy, `label-resources.sh`
 * when resources need a label). Throws if a name is not safe (never expected: selector names are
 * generated DNS-1123 labels), so that nothing is ever written outside the directory.
 */
export function migrationFiles(result: MigrationResult, strategy: Strategy): OutputFile[] {
  const files: OutputFile[] = result.selectors.map((s) => ({name: `${s.metadata.name}.yaml`, content: selectorYaml(s)}))
  const ns = result.labelChanges.filter((c) => c.resource === 'namespace')
  const res = result.labelChanges.filter((c) => c.resource !== 'namespace')
  if (strategy === 'labels') {
    files.push({name: 'namespace-labels.yaml', content: namespaceLabelsYaml(ns)})
    files.push({name: 'label-namespaces.sh', content: labelScript(ns, 'Namespace labels for the IAMRoleSelectors')})
  }
  if (res.length > 0) files.push({name: 'label-resources.sh', content: labelScript(res, 'Resource labels for the IAMRoleSelectors')})
  files.push({name: 'plan.md', content: migrateMarkdown(result)})
  const seen = new Set<string>()
  for (const f of files) {
    if (!isSafeFileName(f.name) || seen.has(f.name)) throw new Error(`refusing to write ${JSON.stringify(f.name)}: not a plain file name, or written twice`)
    seen.add(f.name)
  }
  return files
}
