import {existsSync, readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'

import {errorInfo} from './limit.js'

/**
 * The AWS side cannot be used at all (no credentials, an unknown --profile, an unreachable
 * endpoint): verify-trust says so once, in one line, instead of once per pair.
 */
export class AwsUnavailableError extends Error {
  override name = 'AwsUnavailableError'
}

const NETWORK = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET|socket hang up|TimeoutError/

/** Whether the shared config or credentials file names the profile (AWS CLI rules: `[profile x]` or `[x]`). */
export function profileExists(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const config = env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config')
  const credentials = env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials')
  const has = (file: string, header: RegExp) => existsSync(file) && header.test(readFileSync(file, 'utf8'))
  const quoted = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return has(config, new RegExp(`^\\s*\\[\\s*(profile\\s+)?${quoted}\\s*\\]`, 'm')) || has(credentials, new RegExp(`^\\s*\\[\\s*${quoted}\\s*\\]`, 'm'))
}

/**
 * The root cause of a failed sts:GetCallerIdentity, in words: which endpoint could not be reached,
 * which profile does not exist, or that no credentials were found, with what to do next.
 */
export function callerFailure(error: unknown, opts: {endpoint?: string; profile?: string; region: string}): string {
  const e = errorInfo(error)
  const cause = (error as {cause?: {code?: string}})?.cause?.code ?? (error as {code?: string})?.code ?? ''
  const text = `${e.name} ${e.message} ${cause}`
  const endpoint = opts.endpoint ?? `https://sts.${opts.region}.amazonaws.com`
  if (opts.profile !== undefined && !profileExists(opts.profile)) {
    return `the AWS profile "${opts.profile}" (--profile) is not in the shared config or credentials file; list them with \`aws configure list-profiles\``
  }
  if (NETWORK.test(text)) {
    const code = /(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET)/.exec(text)?.[1] ?? e.name
    return `cannot reach STS at ${endpoint} (${code}); check --endpoint-url, --region and the network`
  }
  if (e.name === 'CredentialsProviderError' || /Could not load credentials/.test(e.message)) {
    return `no AWS credentials found (the standard chain${opts.profile ? `, profile "${opts.profile}"` : ''}: environment, shared files, SSO, web identity, container and instance metadata); set them, pass --profile, or run offline with --iam-snapshot`
  }
  return `sts:GetCallerIdentity failed (${e.name}: ${e.message}); the AWS credentials in use cannot be checked`
}
