import type {IAMClient} from '@aws-sdk/client-iam'
import type {STSClient} from '@aws-sdk/client-sts'

import type {Unavailable} from '../iam/records.js'
import {callerFailure} from './causes.js'
import {createLimiter, errorInfo, withRetry, type RetryOptions} from './limit.js'

/** `--profile`, `--region`, `--endpoint-url`, `--audit-role-name` and the call bounds. */
export interface SessionOptions {
  profile?: string
  region?: string
  endpoint?: string
  auditRoleName?: string
  /** At most this many AWS calls at once (default 8). */
  concurrency?: number
  retry?: RetryOptions
}

type Iam = typeof import('@aws-sdk/client-iam')
type Sts = typeof import('@aws-sdk/client-sts')

export interface Caller {
  account: string
  arn: string
  partition: string
}

const PARTITION_REGION: Record<string, string> = {aws: 'us-east-1', 'aws-cn': 'cn-north-1', 'aws-us-gov': 'us-gov-west-1'}
const SESSION_NAME = 'ackctl-verify-trust'

/**
 * AWS clients for verify-trust: the standard credential chain (or `--profile`) for the caller's
 * own account, and `--audit-role-name` sessions for other accounts. The SDK is imported here,
 * lazily, so no other command pays for it.
 */
export class AwsSession {
  readonly run: <T>(task: () => Promise<T>) => Promise<T>
  private iamMod?: Iam
  private stsMod?: Sts
  private callerMemo?: Promise<Caller | Unavailable>
  private readonly iamByAccount = new Map<string, Promise<IAMClient | Unavailable>>()

  constructor(private readonly opts: SessionOptions) {
    const limit = createLimiter(opts.concurrency ?? 8)
    const retry = opts.retry ?? {attempts: 5, baseDelayMs: 250}
    this.run = (task) => limit(() => withRetry(task, retry))
  }

  async modules(): Promise<{iam: Iam; sts: Sts}> {
    // The SDK warns on Node 20 unless this is set before a client is built.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
    this.iamMod ??= await import('@aws-sdk/client-iam')
    this.stsMod ??= await import('@aws-sdk/client-sts')
    return {iam: this.iamMod, sts: this.stsMod}
  }

  /** Client settings; `credentials` set for audit-role sessions, otherwise the chain/profile. */
  config(partition: string, credentials?: {accessKeyId: string; secretAccessKey: string; sessionToken?: string}) {
    const region = this.opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? PARTITION_REGION[partition] ?? 'us-east-1'
    return {
      region, maxAttempts: 1,
      ...(this.opts.endpoint ? {endpoint: this.opts.endpoint} : {}),
      ...(credentials ? {credentials} : this.opts.profile ? {profile: this.opts.profile} : {}),
    }
  }

  async sts(partition = 'aws'): Promise<STSClient> {
    const {sts} = await this.modules()
    return new sts.STSClient(this.config(partition))
  }

  /** Who the current credentials are (sts:GetCallerIdentity), once. */
  caller(): Promise<Caller | Unavailable> {
    this.callerMemo ??= (async () => {
      const {sts} = await this.modules()
      try {
        const client = await this.sts()
        const id = await this.run(() => client.send(new sts.GetCallerIdentityCommand({})))
        const arn = id.Arn ?? ''
        return {account: id.Account ?? '', arn, partition: arn.split(':')[1] || 'aws'}
      } catch (error) {
        const region = this.opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1'
        return {status: 'unavailable' as const, detail: callerFailure(error, {endpoint: this.opts.endpoint, profile: this.opts.profile, region}), needs: 'AWS credentials from the standard chain or --profile'}
      }
    })()
    return this.callerMemo
  }

  /** An IAM client that can read `account`: the caller's own, or an `--audit-role-name` session. */
  iamFor(account: string, partition: string): Promise<IAMClient | Unavailable> {
    const key = `${partition}:${account}`
    if (!this.iamByAccount.has(key)) this.iamByAccount.set(key, this.makeIam(account, partition))
    return this.iamByAccount.get(key)!
  }

  private async makeIam(account: string, partition: string): Promise<IAMClient | Unavailable> {
    const {iam, sts} = await this.modules()
    const caller = await this.caller()
    if ('status' in caller) return caller
    if (caller.account === account) return new iam.IAMClient(this.config(partition))
    const name = this.opts.auditRoleName
    if (!name) {
      return {
        status: 'unavailable', detail: `the current credentials (${caller.arn}) are in account ${caller.account}, not ${account}`,
        needs: `--audit-role-name NAME, a role in account ${account} that ${caller.arn} may assume, with read access to IAM`,
      }
    }
    const auditArn = `arn:${partition}:iam::${account}:role/${name}`
    try {
      const client = await this.sts(partition)
      const out = await this.run(() => client.send(new sts.AssumeRoleCommand({RoleArn: auditArn, RoleSessionName: SESSION_NAME, DurationSeconds: 900})))
      const c = out.Credentials
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials')
      return new iam.IAMClient(this.config(partition, {accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken}))
    } catch (error) {
      const e = errorInfo(error)
      return {status: 'unavailable', detail: `cannot assume the audit role ${auditArn} (${e.name}: ${e.message})`, needs: `sts:AssumeRole on ${auditArn} for ${caller.arn}`}
    }
  }
}
