import {readFileSync} from 'node:fs'

import {
  AttachRolePolicyCommand, CreatePolicyCommand, CreatePolicyVersionCommand, CreateRoleCommand, IAMClient, PutRolePermissionsBoundaryCommand, PutRolePolicyCommand,
} from '@aws-sdk/client-iam'
import {AssumeRoleCommand, STSClient} from '@aws-sdk/client-sts'

import {MOTO_BASE_ENV, useMoto} from '../support/moto.js'

// The SDK warns on Node 20 unless this is set before a client is built.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

type Obj = Record<string, any>

/** A policy document as JSON text, from an object, JSON text or URL-encoded JSON text. */
function documentText(doc: unknown): string {
  if (typeof doc !== 'string') return JSON.stringify(doc)
  try {
    return JSON.stringify(JSON.parse(doc))
  } catch {
    return JSON.stringify(JSON.parse(decodeURIComponent(doc)))
  }
}

const base = (endpoint: string) => ({
  region: 'us-east-1', endpoint, maxAttempts: 1,
  credentials: {accessKeyId: MOTO_BASE_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: MOTO_BASE_ENV.AWS_SECRET_ACCESS_KEY},
})

/** Credentials that act in `account` (moto: assume any role ARN there). */
export async function accountCredentials(endpoint: string, account: string, roleName = 'seed') {
  const sts = new STSClient(base(endpoint))
  const out = await sts.send(new AssumeRoleCommand({RoleArn: `arn:aws:iam::${account}:role/${roleName}`, RoleSessionName: 'seed'}))
  const c = out.Credentials!
  return {accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken!}
}

/**
 * Creates in moto, account by account, what `get-account-authorization-details` files describe:
 * managed policies (all versions, the default one last), roles with trust policy, path and tags,
 * inline policies, attached policies and permissions boundaries.
 */
export async function seedFromSnapshots(endpoint: string, files: string[]): Promise<void> {
  for (const file of files) {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Obj
    const account = String((data.RoleDetailList?.[0]?.Arn ?? data.Policies?.[0]?.Arn ?? '').split(':')[4])
    const iam = new IAMClient({...base(endpoint), credentials: await accountCredentials(endpoint, account)})
    for (const p of (data.Policies ?? []) as Obj[]) {
      const versions = [...(p.PolicyVersionList as Obj[])].sort((a, b) => Number(a.IsDefaultVersion) - Number(b.IsDefaultVersion))
      await iam.send(new CreatePolicyCommand({PolicyName: p.PolicyName, Path: p.Path, PolicyDocument: documentText(versions[0].Document)}))
      for (const v of versions.slice(1)) {
        await iam.send(new CreatePolicyVersionCommand({PolicyArn: p.Arn, PolicyDocument: documentText(v.Document), SetAsDefault: v.IsDefaultVersion === true}))
      }
    }
    for (const r of (data.RoleDetailList ?? []) as Obj[]) {
      await iam.send(new CreateRoleCommand({
        RoleName: r.RoleName, Path: r.Path, AssumeRolePolicyDocument: documentText(r.AssumeRolePolicyDocument),
        ...(r.Tags?.length ? {Tags: r.Tags} : {}),
      }))
      for (const p of (r.RolePolicyList ?? []) as Obj[]) {
        await iam.send(new PutRolePolicyCommand({RoleName: r.RoleName, PolicyName: p.PolicyName, PolicyDocument: documentText(p.PolicyDocument)}))
      }
      for (const p of (r.AttachedManagedPolicies ?? []) as Obj[]) await iam.send(new AttachRolePolicyCommand({RoleName: r.RoleName, PolicyArn: p.PolicyArn}))
      if (r.PermissionsBoundary?.PermissionsBoundaryArn) {
        await iam.send(new PutRolePermissionsBoundaryCommand({RoleName: r.RoleName, PermissionsBoundary: r.PermissionsBoundary.PermissionsBoundaryArn}))
      }
    }
  }
}

/** A moto_server for one describe block, seeded from IAM snapshot files before its tests run. */
export function useSeededMoto(files: string[]): {endpoint(): string} {
  const moto = useMoto()
  before(async function () {
    this.timeout(60_000)
    await seedFromSnapshots(moto.get().endpoint, files)
  })
  return {endpoint: () => moto.get().endpoint}
}
