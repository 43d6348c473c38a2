/**
 * The one exit-code table shared by every ackctl command. It also feeds help text, the README
 * and a test. Commands set `process.exitCode` from `exitCodeFor` and still return their data.
 */
export const EXIT = {
  OK: 0,
  FAILURES: 1,
  USAGE: 2,
  INCOMPLETE: 3,
  /** Standard output closed by its reader (`| head`); set by bin/run.js, which loads none of this. */
  PIPE_CLOSED: 141,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

export const EXIT_CODE_TABLE: ReadonlyArray<{code: ExitCode; meaning: string}> = [
  {code: EXIT.OK, meaning: 'ran, and no unsuppressed finding is at or above --fail-on (default error)'},
  {code: EXIT.FAILURES, meaning: 'a finding at or above --fail-on (a resource predicted to fail, a selector the controller drops, ...), a FAIL trust check, or a non-equivalent migration'},
  {code: EXIT.USAGE, meaning: 'usage or input error: a bad flag, an unreadable file, no Kubernetes object in the files, or a document that does not parse (reported after the rest is analysed)'},
  {code: EXIT.INCOMPLETE, meaning: 'the input is incomplete: a cluster or AWS account could not be fully read (also a snapshot file of such a read), or a trust check is UNKNOWN'},
  {code: EXIT.PIPE_CLOSED, meaning: 'standard output was closed by its reader (as by `| head`): ackctl stops silently, as a program killed by SIGPIPE does (kubectl, git)'},
]

/** What decides the exit code: the same three facts in every command. */
export interface Verdict {
  /** An unsuppressed finding at or above --fail-on, or the command's own failure (a FAIL pair, a non-equivalent migration). */
  failed: boolean
  /** A document that does not parse. */
  inputErrors: boolean
  /** False when something could not be read (or a trust check could not be decided). */
  complete: boolean
}

/**
 * The one exit-code function. Incomplete input outranks everything, then input that could not be
 * read, then failures: a partial answer must not look like a complete one.
 */
export function exitCodeFor(v: Verdict): ExitCode {
  if (!v.complete) return EXIT.INCOMPLETE
  if (v.inputErrors) return EXIT.USAGE
  return v.failed ? EXIT.FAILURES : EXIT.OK
}

/** Help-text rendering of the table (oclif `static description` footers use it). */
export function exitCodeHelp(): string {
  return ['EXIT CODES', ...EXIT_CODE_TABLE.map((e) => `  ${String(e.code).padEnd(3)}  ${e.meaning}`)].join('\n')
}
