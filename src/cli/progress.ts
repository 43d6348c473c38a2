/** Where a progress line goes: a writable TTY stream (stderr in practice). */
export interface ProgressStream {
  isTTY?: boolean
  write(text: string): unknown
}

/**
 * A one-line progress indicator for people: drawn on `stream` only when it is a TTY and JSON is
 * off, redrawn at most every `intervalMs`, erased by `done()`. Otherwise it prints nothing at all.
 */
export function ttyProgress(stream: ProgressStream, opts: {json?: boolean; intervalMs?: number} = {}): {
  update: ((msg: string) => void) | undefined
  done: () => void
} {
  if (!stream.isTTY || opts.json) return {update: undefined, done: () => {}}
  const interval = opts.intervalMs ?? 80
  let last = 0
  let drawn = false
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
  let frame = 0
  return {
    update(msg: string) {
      const now = Date.now()
      if (now - last < interval) return
      last = now
      drawn = true
      stream.write(`\r\x1b[2K${frames[frame++ % frames.length]} ${msg}`)
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K')
      drawn = false
    },
  }
}
