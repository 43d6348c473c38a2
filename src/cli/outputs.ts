import type {LintFormat} from '../render/lint-formats.js'

export interface OutputTarget {
  format: LintFormat
  /** File to write; `undefined` = stdout (also for `-`). */
  file?: string
}

/**
 * Pairs each `--format` with the `--output` at the same position (first with first); formats
 * without an output go to stdout. When both are given, each `--output` must come after its own
 * `--format` and before the next one on the command line, so that
 * `--format text --format sarif --output lint.sarif` cannot silently write text into lint.sarif.
 */
export function pairOutputs(formats: LintFormat[], outputs: string[], argv: string[]): {targets: OutputTarget[]} | {error: string} {
  if (outputs.length > formats.length) {
    return {error: `${outputs.length} --output given for ${formats.length} --format: pair each --output with a --format (e.g. --format sarif --output lint.sarif)`}
  }
  const positions = (flag: string) => argv.flatMap((a, i) => (a === flag || a.startsWith(`${flag}=`) ? [i] : []))
  const formatAt = positions('--format')
  const outputAt = positions('--output')
  if (formatAt.length === formats.length) {
    for (const [i, at] of outputAt.entries()) {
      if (at < formatAt[i] || (i + 1 < formatAt.length && at > formatAt[i + 1])) {
        return {error: `--output ${outputs[i]} would receive --format ${formats[i]} (outputs pair with formats by position): write each --output right after its --format`}
      }
    }
  }
  return {targets: formats.map((format, i) => ({format, ...(outputs[i] !== undefined && outputs[i] !== '-' ? {file: outputs[i]} : {})}))}
}

/** An https link to docs/rules.md from package.json `repository` (GitHub only), when it has one. */
export function docsUrlFrom(repository: unknown): string | undefined {
  const url = typeof repository === 'string' ? repository : typeof repository === 'object' && repository !== null ? (repository as {url?: unknown}).url : undefined
  if (typeof url !== 'string') return undefined
  const m = /github\.com[/:]([^/]+)\/([^/#]+?)(?:\.git)?(?:[/#].*)?$/.exec(url)
  return m ? `https://github.com/${m[1]}/${m[2]}/blob/HEAD/docs/rules.md` : undefined
}
