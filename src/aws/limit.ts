/** Bounded concurrency and throttling retries for AWS calls (no SDK import here). */

/** Runs at most `max` tasks at once; the rest wait in order. */
export function createLimiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0
  const waiting: Array<() => void> = []
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve))
    running++
    try {
      return await task()
    } finally {
      running--
      waiting.shift()?.()
    }
  }
}

const THROTTLING = new Set([
  'Throttling', 'ThrottlingException', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded',
  'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'PriorRequestNotComplete',
])

/** The error fields ackctl reads from SDK errors. */
export function errorInfo(error: unknown): {name: string; message: string; status?: number} {
  const e = error as {name?: unknown; Code?: unknown; message?: unknown; $metadata?: {httpStatusCode?: number}}
  const name = typeof e?.name === 'string' ? e.name : typeof e?.Code === 'string' ? e.Code : 'Error'
  const message = typeof e?.message === 'string' ? e.message.split('\n')[0] : String(error)
  return {name, message, status: e?.$metadata?.httpStatusCode}
}

export function isThrottling(error: unknown): boolean {
  const {name, status} = errorInfo(error)
  const retryable = (error as {$retryable?: {throttling?: boolean}})?.$retryable
  return THROTTLING.has(name) || status === 429 || retryable?.throttling === true
}

export interface RetryOptions {
  attempts: number
  baseDelayMs: number
  sleep?: (ms: number) => Promise<void>
}

/** Retries throttled calls with exponential backoff and full jitter; other errors are thrown at once. */
export async function withRetry<T>(task: () => Promise<T>, opts: RetryOptions): Promise<T> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  for (let attempt = 1; ; attempt++) {
    try {
      return await task()
    } catch (error) {
      if (attempt >= opts.attempts || !isThrottling(error)) throw error
      await sleep(Math.random() * opts.baseDelayMs * 2 ** (attempt - 1))
    }
  }
}
