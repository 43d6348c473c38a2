import type {IAMClient} from '@aws-sdk/client-iam'

import type {RoleArn} from '../iam/arn.js'
import type {RequestContext} from '../iam/context.js'
import type {IdentityLookup, Lookup, ProbeResult, RolePolicies, RoleRecord, Unavailable} from '../iam/records.js'
import type {IamSource} from '../iam/source.js'
import {errorInfo} from './limit.js'
import type {AwsSession} from './session.js'
import {contextEntries, simulationFacts} from './simulate.js'

const NOT_FOUND = new Set(['NoSuchEntity', 'NoSuchEntityException'])
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'InvalidClientTokenId', 'ExpiredToken'])

/** Online: the IAM and STS APIs through an AwsSession. */
export class SdkIamSource implements IamSource {
  private readonly roles = new Map<string, Promise<Lookup<RoleRecord>>>()

  constructor(private readonly session: AwsSession) {}

  role(arn: RoleArn): Promise<Lookup<RoleRecord>> {
    const key = `${arn.partition}:${arn.accountId}:${arn.name.toLowerCase()}`
    if (!this.roles.has(key)) this.roles.set(key, this.readRole(arn))
    return this.roles.get(key)!
  }

  private async readRole(arn: RoleArn): Promise<Lookup<RoleRecord>> {
    return this.withIam(arn.accountId, arn.partition, `iam:GetRole on ${arn.arn}`, async (client, iam) => {
      const out = await this.session.run(() => client.send(new iam.GetRoleCommand({RoleName: arn.name})))
      const r = out.Role
      if (!r?.Arn) return {status: 'unavailable', detail: 'GetRole returned no role'}
      const tags: Record<string, string> = {}
      for (const t of r.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? ''
      return {status: 'found', value: {
        arn: r.Arn, trustPolicy: r.AssumeRolePolicyDocument ?? '', tags,
        permissionsBoundaryArn: r.PermissionsBoundary?.PermissionsBoundaryArn ?? null, ...(r.RoleId ? {roleId: r.RoleId} : {}),
      }}
    }, `GetRole: no role named ${arn.name} in account ${arn.accountId}`)
  }

  async rolePolicies(arn: RoleArn): Promise<Lookup<RolePolicies>> {
    const role = await this.role(arn)
    if (role.status !== 'found') return role
    const needs = `iam:ListRolePolicies, iam:GetRolePolicy and iam:ListAttachedRolePolicies on ${arn.arn}`
    return this.withIam(arn.accountId, arn.partition, needs, async (client, iam) => {
      const names: string[] = []
      const attachedArns: string[] = []
      let marker: string | undefined
      do {
        const page = await this.session.run(() => client.send(new iam.ListRolePoliciesCommand({RoleName: arn.name, Marker: marker})))
        names.push(...(page.PolicyNames ?? []))
        marker = page.IsTruncated ? page.Marker : undefined
      } while (marker)
      do {
        const page = await this.session.run(() => client.send(new iam.ListAttachedRolePoliciesCommand({RoleName: arn.name, Marker: marker})))
        for (const p of page.AttachedPolicies ?? []) if (p.PolicyArn) attachedArns.push(p.PolicyArn)
        marker = page.IsTruncated ? page.Marker : undefined
      } while (marker)
      const inline = await Promise.all(names.map(async (name) => {
        const out = await this.session.run(() => client.send(new iam.GetRolePolicyCommand({RoleName: arn.name, PolicyName: name})))
        return {name, document: out.PolicyDocument ?? ''}
      }))
      return {status: 'found', value: {inline, attachedArns, permissionsBoundaryArn: role.value.permissionsBoundaryArn ?? null}}
    })
  }

  async managedPolicy(arn: string, account: RoleArn): Promise<Lookup<unknown>> {
    return this.withIam(account.accountId, account.partition, `iam:GetPolicy and iam:GetPolicyVersion on ${arn}`, async (client, iam) => {
      const policy = await this.session.run(() => client.send(new iam.GetPolicyCommand({PolicyArn: arn})))
      const versionId = policy.Policy?.DefaultVersionId
      if (!versionId) return {status: 'unavailable', detail: `GetPolicy returned no default version for ${arn}`}
      const version = await this.session.run(() => client.send(new iam.GetPolicyVersionCommand({PolicyArn: arn, VersionId: versionId})))
      return {status: 'found', value: version.PolicyVersion?.Document ?? ''}
    }, `GetPolicy: no managed policy ${arn}`)
  }

  async simulate(source: RoleArn, targetArn: string, context: RequestContext): Promise<{answer?: IdentityLookup; note?: string}> {
    const {iam} = await this.session.modules()
    const client = await this.session.iamFor(source.accountId, source.partition)
    if ('status' in client) return {}
    try {
      const out = await this.session.run(() => client.send(new iam.SimulatePrincipalPolicyCommand({
        PolicySourceArn: source.arn, ActionNames: ['sts:AssumeRole'], ResourceArns: [targetArn], ContextEntries: contextEntries(context),
      })))
      const result = out.EvaluationResults?.[0]
      if (!result) return {note: 'iam:SimulatePrincipalPolicy returned no result; ackctl evaluated the controller role\'s policies itself'}
      return {answer: {status: 'found', value: simulationFacts(result, source.arn, targetArn, context)}}
    } catch (error) {
      const e = errorInfo(error)
      const why = DENIED.has(e.name) ? `was denied (${e.name})` : `is not available here (${e.name}${e.status ? `, HTTP ${e.status}` : ''})`
      return {note: `iam:SimulatePrincipalPolicy ${why}; ackctl evaluated the controller role's policies itself`}
    }
  }

  async probe(source: RoleArn, targetArn: string): Promise<ProbeResult> {
    const {sts} = await this.session.modules()
    const caller = await this.session.caller()
    const callerArn = 'status' in caller ? undefined : caller.arn
    const asSource = callerArn !== undefined && isSessionOf(callerArn, source)
    try {
      const client = await this.session.sts(source.partition)
      const out = await this.session.run(() => client.send(new sts.AssumeRoleCommand({RoleArn: targetArn, RoleSessionName: 'ackctl-probe', DurationSeconds: 900})))
      // The credentials are dropped here: nothing keeps or prints them.
      return {outcome: 'succeeded', message: `STS returned credentials for ${out.AssumedRoleUser?.Arn ?? targetArn} (discarded)`, asSource, ...(callerArn ? {callerArn} : {})}
    } catch (error) {
      const e = errorInfo(error)
      return {outcome: DENIED.has(e.name) ? 'denied' : 'error', message: `${e.name}: ${e.message}`, asSource, ...(callerArn ? {callerArn} : {})}
    }
  }

  private async withIam<T>(
    account: string, partition: string, needs: string,
    body: (client: IAMClient, iam: typeof import('@aws-sdk/client-iam')) => Promise<Lookup<T>>, notFound?: string,
  ): Promise<Lookup<T>> {
    const {iam} = await this.session.modules()
    const client = await this.session.iamFor(account, partition)
    if ('status' in client) return client
    try {
      return await body(client, iam)
    } catch (error) {
      const e = errorInfo(error)
      if (notFound && NOT_FOUND.has(e.name)) return {status: 'missing', detail: notFound}
      const out: Unavailable = {status: 'unavailable', detail: `${e.name}: ${e.message}`}
      if (DENIED.has(e.name)) out.needs = needs
      return out
    }
  }
}

/** `arn:aws:sts::111:assumed-role/NAME/session` is a session of role NAME in account 111. */
function isSessionOf(callerArn: string, role: RoleArn): boolean {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(callerArn)
  return m !== null && m[1] === role.partition && m[2] === role.accountId && m[3].toLowerCase() === role.name.toLowerCase()
}
