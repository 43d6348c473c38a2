import * as Flags from '@oclif/core/flags'

import type {Paint} from '../render/paint.js'
import {ttyProgress} from './progress.js'
import {NO_PAINT} from '../render/paint.js'

export const colorFlags = {
  'no-color': Flags.boolean({summary: 'Never colour the output (NO_COLOR is honoured too).', default: false}),
}

/** The width a table fits on a terminal (`$COLUMNS` when the terminal does not say, else 80); undefined when piped: every cell whole. */
export function terminalWidth(stream: NodeJS.WriteStream = process.stdout): number | undefined {
  return stream.isTTY ? stream.columns || Number(process.env.COLUMNS) || 80 : undefined
}

/**
 * Colour only on a TTY, never with NO_COLOR (any value) or --no-color. chalk is imported only when
 * colour is on, so piped and CI runs never load it.
 */
export async function makePaint(flags: {'no-color'?: boolean}, stream: NodeJS.WriteStream = process.stdout): Promise<Paint> {
  if (flags['no-color'] || process.env.NO_COLOR !== undefined || !stream.isTTY) return NO_PAINT
  const {Chalk, supportsColor} = await import('chalk')
  const c = new Chalk({level: supportsColor ? supportsColor.level : 1})
  return {ok: c.green, warn: c.yellow, bad: c.red, dim: c.dim, bold: c.bold}
}

/** Parses kubectl-style durations (`30s`, `1m`, `500ms`, `0`) into milliseconds. */
export function parseDuration(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim())
  if (!m) return undefined
  const n = Number(m[1])
  const unit = m[2] ?? 's'
  return Math.round(n * {ms: 1, s: 1000, m: 60_000, h: 3_600_000}[unit]!)
}

/** Progress lines on stderr, only when stderr is a TTY and the output is not JSON (redraws, throttled). */
export function progressReporter(enabled: boolean): ((message: string) => void) | undefined {
  return ttyProgress(process.stderr, {json: !enabled}).update
}
