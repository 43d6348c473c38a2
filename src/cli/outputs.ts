import type {LintFormat} from '../render/lint-formats.js'

export interface OutputTarget {
  format: LintFormat
  /** File to write; `undefined` = stdout (also for `-`). */
  file?: string
}

/** Flags that name a format (`-o` and its long forms) and the flag that names a file. */
const FORMAT_FLAGS = ['-o', '--output', '--format']
const FILE_FLAG = '--output-file'

/**
 * Pairs each `-o FORMAT` with the `--output-file` at the same position (first with first); formats
 * without a file go to stdout. When both are given, each `--output-file` must come after its own
 * format and before the next one on the command line, so that
 * `-o text -o sarif --output-file lint.sarif` cannot silently write text into lint.sarif.
 */
export function pairOutputs(formats: LintFormat[], files: string[], argv: string[]): {targets: OutputTarget[]} | {error: string} {
  if (files.length > formats.length) {
    return {error: `${files.length} --output-file given for ${formats.length} -o/--output format(s): pair each --output-file with a format (e.g. -o sarif --output-file lint.sarif)`}
  }
  const isFlag = (a: string, flag: string) => a === flag || a.startsWith(`${flag}=`) || (flag === '-o' && /^-o./.test(a))
  const formatAt = argv.flatMap((a, i) => (FORMAT_FLAGS.some((f) => isFlag(a, f)) ? [i] : []))
  const fileAt = argv.flatMap((a, i) => (isFlag(a, FILE_FLAG) ? [i] : []))
  if (formatAt.length === formats.length) {
    for (const [i, at] of fileAt.entries()) {
      if (at < formatAt[i] || (i + 1 < formatAt.length && at > formatAt[i + 1])) {
        return {error: `--output-file ${files[i]} would receive the format ${formats[i]} (files pair with formats by position): write each --output-file right after its -o`}
      }
    }
  }
  return {targets: formats.map((format, i) => ({format, ...(files[i] !== undefined && files[i] !== '-' ? {file: files[i]} : {})}))}
}

/** An https link to docs/rules.md from package.json `repository` (GitHub only), when it has one. */
export function docsUrlFrom(repository: unknown): string | undefined {
  const url = typeof repository === 'string' ? repository : typeof repository === 'object' && repository !== null ? (repository as {url?: unknown}).url : undefined
  if (typeof url !== 'string') return undefined
  const m = /github\.com[/:]([^/]+)\/([^/#]+?)(?:\.git)?(?:[/#].*)?$/.exec(url)
  return m ? `https://github.com/${m[1]}/${m[2]}/blob/HEAD/docs/rules.md` : undefined
}
