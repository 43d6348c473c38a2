import {execFile} from 'node:child_process'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const CLUSTER = 'fixtures/trust/cluster.yaml'
export const SNAPSHOTS = ['fixtures/trust/acct-111111111111.json', 'fixtures/trust/acct-222222222222.json']
export const S3 = 'arn:aws:iam::111111111111:role/ack-s3-controller'

/** What the fixture scenario must give, offline (snapshots) and online (moto) alike. */
export const EXPECTED = [
  '111111111111:role/ack-local <- 111111111111:role/ack-s3-controller: pass allowed/allowed',
  '111111111111:role/ack-local-account <- 111111111111:role/ack-s3-controller: fail allowed/denied',
  '222222222222:role/ack-admin-tools <- 111111111111:role/ack-s3-controller: fail allowed/denied',
  '222222222222:role/ack-data <- 111111111111:role/ack-dynamodb-controller: fail allowed/denied',
  '222222222222:role/ack-data <- 111111111111:role/ack-s3-controller: pass allowed/allowed',
  '222222222222:role/ack-gone <- 111111111111:role/ack-s3-controller: fail denied/unknown',
  '222222222222:role/ack-legacy <- 111111111111:role/ack-s3-controller: fail denied/allowed',
  '222222222222:role/ack-org <- 111111111111:role/ack-s3-controller: unknown unknown/allowed',
  '222222222222:role/ack-partner <- 111111111111:role/ack-s3-controller: fail denied/allowed',
  '22222222222:role/ack-data <- 111111111111:role/ack-s3-controller: fail unknown/unknown',
]

export interface Run {
  code: number
  stdout: string
  stderr: string
}

/**
 * `ackctl verify-trust ARGS` as a real process (bin/run.js; NODE_ENV=test loads the TypeScript sources) that does not block this one (the simulate stub
 * lives here). AWS variables of the developer's shell are cleared so tests never reach real AWS.
 */
export function verifyTrust(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = {...process.env, NODE_ENV: 'test', NO_COLOR: '1'}
  for (const k of Object.keys(childEnv)) if (k.startsWith('AWS_')) delete childEnv[k]
  Object.assign(childEnv, {AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true'}, env)
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'bin', 'run.js'), 'verify-trust', ...args], {cwd: ROOT, env: childEnv, maxBuffer: 64 * 1024 * 1024},
      (error, stdout, stderr) => resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr}))
  })
}

export interface CheckJson {
  sourceRoleARN: string | null
  roleARN: string
  usedBy: string[]
  verdict: string
  trust: string
  identity: string
  reasons: string[]
  unused: boolean
  incomplete: boolean
}

/** `role-name <- source-name: VERDICT trust/identity` lines, for readable comparisons. */
export function verdicts(stdout: string): string[] {
  const json = JSON.parse(stdout) as {checks: CheckJson[]}
  const short = (arn: string | null) => (arn ? arn.split(':').slice(4).join(':') : '?')
  return json.checks.map((c) => `${short(c.roleARN)} <- ${short(c.sourceRoleARN)}: ${c.verdict} ${c.trust}/${c.identity}`)
}

export function check(stdout: string, roleSuffix: string, source = S3): CheckJson {
  const json = JSON.parse(stdout) as {checks: CheckJson[]}
  const c = json.checks.find((x) => x.roleARN.endsWith(roleSuffix) && x.sourceRoleARN === source)
  if (!c) throw new Error(`no check for ${roleSuffix} <- ${source}`)
  return c
}

/** oclif's error text on one line (it wraps and prefixes lines with ` ›`). */
export function errorText(stderr: string): string {
  return stderr.replace(/\s*›\s*/g, ' ').replace(/\s*\n\s*/g, ' ').replace(/\s+/g, ' ').trim()
}
