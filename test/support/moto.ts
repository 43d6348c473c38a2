import {spawn, type ChildProcess} from 'node:child_process'
import {existsSync} from 'node:fs'
import {createServer} from 'node:net'
import {delimiter, join} from 'node:path'

/**
 * A real `moto_server` (AWS API emulator) on a free loopback port, for tests of ackctl's AWS code.
 * moto models other accounts through STS: assuming a role ARN in account X returns credentials
 * that act in X (see STACK.md), which is how multi-account IAM data is built.
 */
export interface Moto {
  endpoint: string
  /** Clears all state (POST /moto-api/reset). */
  reset(): Promise<void>
  stop(): Promise<void>
}

/** The dummy credentials of moto's default account 123456789012. */
export const MOTO_BASE_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
} as const

export const MOTO_DEFAULT_ACCOUNT = '123456789012'

/** Whether `moto_server` is on PATH (tests skip cleanly, saying so, when it is not). */
export function motoAvailable(): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, 'moto_server')))
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Starts moto_server and waits until it answers (up to 20 s; the first start is the slowest). */
export async function startMoto(): Promise<Moto> {
  const port = await freePort()
  const endpoint = `http://127.0.0.1:${port}`
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {stdio: ['ignore', 'ignore', 'pipe']})
  let log = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000)
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const deadline = Date.now() + 20_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${log}`)
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`)
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`moto_server did not start on ${endpoint}: ${log}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    endpoint,
    async reset() {
      await fetch(`${endpoint}/moto-api/reset`, {method: 'POST'})
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
        await exited
        clearTimeout(timer)
      }
    },
  }
}

/**
 * Mocha hooks for a suite that needs moto: starts it once before the suite and stops it after;
 * the suite is skipped, with a message saying why, only when moto_server is not on PATH.
 */
export function useMoto(): {get(): Moto} {
  let moto: Moto | undefined
  before(async function () {
    this.timeout(30_000)
    if (!motoAvailable()) {
      console.warn('    moto_server is not on PATH: skipping the AWS tests of this suite (pip install "moto[server]")')
      this.skip()
    }
    moto = await startMoto()
  })
  after(async () => {
    await moto?.stop()
  })
  return {
    get() {
      if (!moto) throw new Error('moto is not running')
      return moto
    },
  }
}
