/**
 * The one exit-code table shared by every ackctl command. It also feeds help text, the README
 * and a test. Commands set `process.exitCode` from `exitCodeFor` and still return their data.
 */
export const EXIT = {
  OK: 0,
  FAILURES: 1,
  USAGE: 2,
  INCOMPLETE: 3,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

export const EXIT_CODE_TABLE: ReadonlyArray<{code: ExitCode; meaning: string}> = [
  {code: EXIT.OK, meaning: 'ran, and nothing is predicted to fail (or nothing at or above --fail-on)'},
  {code: EXIT.FAILURES, meaning: 'at least one failure: an error outcome, a lint finding at or above --fail-on, a FAIL trust check, or a non-equivalent migration'},
  {code: EXIT.USAGE, meaning: 'usage or input error (bad flag, unreadable file, invalid settings; for resolve also a document that does not parse, reported after the rest is resolved)'},
  {code: EXIT.INCOMPLETE, meaning: 'an environment (cluster, AWS) could not be fully read; the result is incomplete'},
]

/**
 * Incomplete input outranks everything, then input that could not be read (a document that does
 * not parse), then failures: a partial answer must not look like a clean one.
 */
export function exitCodeFor(input: {failures: boolean; incomplete: boolean; inputErrors?: boolean}): ExitCode {
  if (input.incomplete) return EXIT.INCOMPLETE
  if (input.inputErrors) return EXIT.USAGE
  return input.failures ? EXIT.FAILURES : EXIT.OK
}

/** Help-text rendering of the table (oclif `static description` footers use it). */
export function exitCodeHelp(): string {
  return ['EXIT CODES', ...EXIT_CODE_TABLE.map((e) => `  ${e.code}  ${e.meaning}`)].join('\n')
}
