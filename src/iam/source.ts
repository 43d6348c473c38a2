import {snapshotPolicy, snapshotRole, type IamSnapshotIndex} from './auth-details.js'
import type {RoleArn} from './arn.js'
import type {RequestContext} from './context.js'
import type {IdentityLookup, Lookup, ProbeResult, RolePolicies, RoleRecord} from './records.js'

/**
 * Where verify-trust reads IAM data: the IAM API (online) or `get-account-authorization-details`
 * snapshots (offline). Every answer is a Lookup: found, missing, or unavailable with what is needed.
 */
export interface IamSource {
  role(arn: RoleArn): Promise<Lookup<RoleRecord>>
  rolePolicies(arn: RoleArn): Promise<Lookup<RolePolicies>>
  /** A managed policy's default version, read with the credentials of `account`. */
  managedPolicy(arn: string, account: RoleArn): Promise<Lookup<unknown>>
  /**
   * The policy simulator's answer for the source role, or `undefined` when it cannot answer
   * (not offered, not implemented, access denied): ackctl then evaluates the policies itself.
   */
  simulate?(source: RoleArn, targetArn: string, context: RequestContext): Promise<{answer?: IdentityLookup; note?: string}>
  /** `--probe`: a real sts:AssumeRole with the current credentials. */
  probe?(source: RoleArn, targetArn: string): Promise<ProbeResult>
}

/** Offline: answers from indexed snapshots, with no network access. */
export class SnapshotIamSource implements IamSource {
  readonly probe?: IamSource['probe']

  /** `prober`: the online `--probe`, which still needs credentials. */
  constructor(private readonly index: IamSnapshotIndex, prober?: IamSource['probe']) {
    if (prober) this.probe = prober
  }

  async role(arn: RoleArn): Promise<Lookup<RoleRecord>> {
    const hit = snapshotRole(this.index, arn)
    return hit.status === 'found' ? {status: 'found', value: hit.value.record} : hit
  }

  async rolePolicies(arn: RoleArn): Promise<Lookup<RolePolicies>> {
    const hit = snapshotRole(this.index, arn)
    return hit.status === 'found' ? {status: 'found', value: hit.value.policies} : hit
  }

  async managedPolicy(arn: string): Promise<Lookup<unknown>> {
    return snapshotPolicy(this.index, arn)
  }
}
