import * as http from 'node:http'
import * as https from 'node:https'
import {gunzip} from 'node:zlib'
import {promisify} from 'node:util'

import type {Connection} from './kubeconfig.js'

const gunzipAsync = promisify(gunzip)

/** An HTTP answer from the API server, body parsed as JSON when it is JSON. */
export interface ApiResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: unknown
}

/** The request never got an HTTP answer: it timed out or the connection failed (`code`: ECONNREFUSED, ENOTFOUND, a TLS code, ...). */
export class TransportError extends Error {
  constructor(message: string, readonly kind: 'timeout' | 'network', readonly code?: string, readonly path?: string) {
    super(message)
  }
}

export interface ClientOptions {
  /** Per request (one page), 0 = none. kubectl's --request-timeout. */
  requestTimeoutMs: number
  /** The whole read (every request, retries included), 0 = none: --read-timeout. */
  readTimeoutMs?: number
  /** Attempts per request for 429, 5xx and connection errors (first try included). */
  maxAttempts?: number
  /** First backoff step; doubles each retry, capped at 5 s. */
  backoffMs?: number
  /** Upper bound for a server's Retry-After, in seconds. */
  maxRetryAfterSeconds?: number
  /** Concurrent requests at most (a semaphore shared by every list). */
  concurrency?: number
}

/**
 * A read-only Kubernetes API client: `get` is its only verb, so ackctl cannot change a cluster.
 * 429 and 5xx are retried with exponential backoff, honouring Retry-After (bounded); a 401 refreshes
 * the credentials once (exec plugins, rotated service-account tokens).
 */
export class KubeClient {
  requests = 0
  private active = 0
  private readonly waiting: Array<() => void> = []
  private readonly maxAttempts: number
  private readonly backoffMs: number
  private readonly maxRetryAfter: number
  private readonly concurrency: number
  private readonly deadline: number

  constructor(readonly connection: Connection, readonly options: ClientOptions) {
    this.deadline = options.readTimeoutMs ? Date.now() + options.readTimeoutMs : Infinity
    this.maxAttempts = options.maxAttempts ?? 5
    this.backoffMs = options.backoffMs ?? 200
    this.maxRetryAfter = options.maxRetryAfterSeconds ?? 30
    this.concurrency = options.concurrency ?? 16
  }

  /** GET `path` (relative to the server URL) with the query; throws TransportError when no answer came. */
  async get(path: string, query: Record<string, string | undefined> = {}, opts: {retryNetwork?: boolean} = {}): Promise<ApiResponse> {
    let refreshed = false
    for (let attempt = 1; ; attempt++) {
      let response: ApiResponse
      try {
        response = await this.limited(() => this.once(path, query))
      } catch (error) {
        if (error instanceof TransportError && error.kind === 'network' && opts.retryNetwork !== false && attempt < this.maxAttempts) {
          await sleep(this.backoff(attempt))
          continue
        }
        throw error
      }
      if (response.status === 401 && !refreshed) {
        refreshed = true
        try {
          await this.connection.refresh()
        } catch {
          return response
        }
        continue
      }
      const retryable = response.status === 429 || response.status >= 500
      if (!retryable || attempt >= this.maxAttempts) return response
      await sleep(this.retryDelay(response, attempt))
    }
  }

  close(): void {
    this.connection.agent.destroy()
  }

  private backoff(attempt: number): number {
    return Math.min(5000, this.backoffMs * 2 ** (attempt - 1)) + Math.floor(Math.random() * 50)
  }

  /** Retry-After (seconds or HTTP date), else the Status' details.retryAfterSeconds, else backoff. */
  private retryDelay(response: ApiResponse, attempt: number): number {
    const header = response.headers['retry-after']
    let seconds: number | undefined
    if (typeof header === 'string' && header.trim() !== '') {
      seconds = /^\d+$/.test(header.trim()) ? Number(header.trim()) : (Date.parse(header) - Date.now()) / 1000
    } else {
      const details = (response.body as {details?: {retryAfterSeconds?: unknown}} | undefined)?.details
      if (typeof details?.retryAfterSeconds === 'number') seconds = details.retryAfterSeconds
    }
    if (seconds === undefined || !Number.isFinite(seconds)) return this.backoff(attempt)
    return Math.max(0, Math.min(seconds, this.maxRetryAfter)) * 1000
  }

  private async limited<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve))
    this.active++
    try {
      return await task()
    } finally {
      this.active--
      this.waiting.shift()?.()
    }
  }

  private once(path: string, query: Record<string, string | undefined>): Promise<ApiResponse> {
    const {server, agent} = this.connection
    const url = new URL(server.href)
    url.pathname = server.pathname.replace(/\/+$/, '') + path
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') url.searchParams.set(k, v)
    const base = this.connection.requestOptions()
    const transport = url.protocol === 'https:' ? https : http
    // One bound for the whole read: each request waits at most what is left of it.
    const left = this.deadline - Date.now()
    const bound = this.options.readTimeoutMs ? `the read's bound of ${formatMs(this.options.readTimeoutMs)} (--read-timeout)` : ''
    if (left <= 0) return Promise.reject(new TransportError(`GET ${path} not sent: the cluster read reached ${bound}`, 'timeout', undefined, path))
    const perRequest = this.options.requestTimeoutMs > 0 ? this.options.requestTimeoutMs : Infinity
    const timeoutMs = Math.min(perRequest, left)
    const what = timeoutMs === perRequest ? `within ${formatMs(perRequest)} (--request-timeout)` : `before ${bound}`
    this.requests++
    return new Promise<ApiResponse>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined
      const req = transport.request(url, {
        ...base,
        agent,
        method: 'GET',
        headers: {...base.headers, Accept: 'application/json', 'Accept-Encoding': 'gzip', 'User-Agent': 'ackctl'},
      }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', (e: NodeJS.ErrnoException) => fail(new TransportError(`${url.origin}: ${e.message}`, 'network', e.code, path)))
        res.on('end', () => {
          clearTimeout(timer)
          decode(Buffer.concat(chunks), res.headers['content-encoding'])
            .then((text) => resolve({status: res.statusCode ?? 0, headers: res.headers, body: parseJson(text)}))
            .catch((e: Error) => reject(new TransportError(`${url.origin}: ${e.message}`, 'network')))
        })
      })
      const fail = (error: TransportError) => {
        clearTimeout(timer)
        req.destroy()
        reject(error)
      }
      if (Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => fail(new TransportError(`no answer to GET ${path} ${what}`, 'timeout', undefined, path)), timeoutMs)
      }
      req.on('error', (e: NodeJS.ErrnoException) => fail(new TransportError(`cannot reach ${url.origin}: ${e.code ?? e.message}`, 'network', e.code ?? e.message, path)))
      req.end()
    })
  }
}

async function decode(raw: Buffer, encoding: string | undefined): Promise<string> {
  return (encoding === 'gzip' ? await gunzipAsync(raw) : raw).toString('utf8')
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`
}
