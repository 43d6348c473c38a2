import {spawnSync} from 'node:child_process'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {REPO_ROOT} from './vectors.js'

export interface CliResult {
  stdout: string
  stderr: string
  status: number | null
}

/**
 * Runs ackctl as a user does (a real process, real stdin/stdout), from the TypeScript sources.
 * NO_COLOR and a non-TTY keep the output plain.
 */
export function ackctl(args: string[], opts: {input?: string; env?: Record<string, string>; cwd?: string} = {}): CliResult {
  const res = spawnSync(process.execPath, ackctlArgv(args), {
    cwd: opts.cwd ?? REPO_ROOT,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: ackctlEnv(opts.env),
    maxBuffer: 64 * 1024 * 1024,
  })
  return {stdout: res.stdout, stderr: res.stderr, status: res.status}
}

/** Node's arguments that run ackctl from the TypeScript sources, for spawning it another way. */
export function ackctlArgv(args: string[]): string[] {
  // tsx by absolute path: `--import tsx` resolves from the working directory, which may be a temporary repository.
  return ['--import', pathToFileURL(join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href, join(REPO_ROOT, 'bin', 'run.js'), ...args]
}

/** The environment ackctl runs in under test: the sources (NODE_ENV=test) and plain output. */
export function ackctlEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {...process.env, NODE_ENV: 'test', NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...extra}
}
