import {execFile} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {FakeKube, type FakeKubeOptions} from '../support/fake-kube.js'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const CLUSTER_FIXTURE = join(ROOT, 'test', 'live', 'fixtures', 'cluster.yaml')

/** A running fake with a kubeconfig and a private HOME in a temporary directory. */
export interface FakeCluster {
  fake: FakeKube
  dir: string
  kubeconfig: string
  stop(): Promise<void>
}

export async function startCluster(options: FakeKubeOptions = {files: [CLUSTER_FIXTURE]}, contexts?: string[]): Promise<FakeCluster> {
  const fake = await FakeKube.start(options)
  const dir = mkdtempSync(join(tmpdir(), 'ackctl-live-'))
  const kubeconfig = fake.writeKubeconfig(dir, contexts)
  return {
    fake, dir, kubeconfig,
    async stop() {
      await fake.stop()
      rmSync(dir, {recursive: true, force: true})
    },
  }
}

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * A kubeconfig in the cluster's directory whose user is an exec plugin (as `aws eks get-token`)
 * printing an ExecCredential with `token`; returns its path.
 */
export function writeExecKubeconfig(cluster: FakeCluster, token: string): string {
  const plugin = join(cluster.dir, 'get-token.mjs')
  writeFileSync(plugin, `console.log(JSON.stringify({apiVersion: "client.authentication.k8s.io/v1beta1", kind: "ExecCredential", status: {token: ${JSON.stringify(token)}}}))\n`)
  const file = join(cluster.dir, 'exec')
  writeFileSync(file, [
    'apiVersion: v1', 'kind: Config', 'current-context: c',
    `clusters: [{name: c, cluster: {server: "${cluster.fake.url}", insecure-skip-tls-verify: true}}]`,
    `users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: ${JSON.stringify(process.execPath)}, args: [${JSON.stringify(plugin)}]}}}]`,
    'contexts: [{name: c, context: {cluster: c, user: u}}]', '',
  ].join('\n'))
  return file
}

/**
 * Runs a program without blocking this process (the fake API server lives in it), with a private
 * HOME so kubectl's discovery cache and ~/.kube/config never leak between tests.
 */
export function runProgram(file: string, args: string[], home: string, env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const childEnv: NodeJS.ProcessEnv = {...process.env, HOME: home, NO_COLOR: '1', ...env}
    delete childEnv.KUBECONFIG
    execFile(file, args, {cwd: ROOT, env: childEnv, maxBuffer: 256 * 1024 * 1024}, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({code, stdout, stderr})
    })
  })
}

/** `ackctl ARGS` as a user runs it (bin/run.js), from the TypeScript sources (NODE_ENV=test). */
export function ackctl(args: string[], home: string, env: Record<string, string> = {}): Promise<RunResult> {
  return runProgram(process.execPath, ['--import', 'tsx', join(ROOT, 'bin', 'run.js'), ...args], home, {NODE_ENV: 'test', ...env})
}

export function kubectl(args: string[], home: string): Promise<RunResult> {
  return runProgram('kubectl', args, home)
}

/** `kind namespace/name` of every document, for readable assertions. */
export function describeDocs(docs: Array<{object: unknown}>): string[] {
  return docs.map(({object}) => {
    const o = object as {kind: string; metadata: {namespace?: string; name: string}}
    return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`
  })
}
