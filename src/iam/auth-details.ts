import {parseArn} from '../ack/arn.js'
import {isObject} from '../core/values.js'
import type {RoleArn} from './arn.js'
import type {Lookup, RolePolicies, RoleRecord} from './records.js'

/** One role of a snapshot, as `get-account-authorization-details` lists it. */
interface RoleEntry {
  record: RoleRecord
  policies: RolePolicies
}

interface AccountEntry {
  roles: Map<string, RoleEntry>
  files: string[]
  /** The snapshot was cut short (IsTruncated): a role not in it may still exist. */
  truncated: boolean
}

/** IAM data from `aws iam get-account-authorization-details` files, one or more per account. */
export interface IamSnapshotIndex {
  accounts: Map<string, AccountEntry>
  /** Managed policy ARN -> default version document (customer and AWS managed). */
  policies: Map<string, unknown>
  /** Problems worth a note: skipped entries, files without an account. */
  problems: string[]
}

export type SnapshotFile = {file: string; data: unknown}

/**
 * Indexes snapshot files. Documents may be objects (AWS CLI output) or URL-encoded JSON (raw API):
 * both are kept as read and decoded by the policy parser. Throws only when a file is not such a
 * snapshot at all, with a message naming the file.
 */
export function indexAuthorizationDetails(files: SnapshotFile[]): IamSnapshotIndex {
  const index: IamSnapshotIndex = {accounts: new Map(), policies: new Map(), problems: []}
  for (const {file, data} of files) {
    if (!isObject(data) || !['RoleDetailList', 'UserDetailList', 'GroupDetailList', 'Policies'].some((k) => Array.isArray(data[k]))) {
      throw new Error(`${file}: not the output of \`aws iam get-account-authorization-details\` (no RoleDetailList, UserDetailList, GroupDetailList or Policies list)`)
    }
    const accounts = new Set<string>()
    const account = (arn: unknown) => {
      const p = typeof arn === 'string' ? parseArn(arn) : undefined
      if (p?.ok && /^\d{12}$/.test(p.arn.accountID)) accounts.add(p.arn.accountID)
      return p?.ok ? p.arn.accountID : undefined
    }
    for (const list of ['UserDetailList', 'GroupDetailList'] as const) for (const e of asList(data[list])) if (isObject(e)) account(e.Arn)
    for (const p of asList(data.Policies)) {
      if (!isObject(p) || typeof p.Arn !== 'string') continue
      account(p.Arn)
      const version = asList(p.PolicyVersionList).find((v) => isObject(v) && v.IsDefaultVersion === true)
      if (isObject(version) && version.Document !== undefined) index.policies.set(p.Arn, version.Document)
      else index.problems.push(`${file}: managed policy ${p.Arn} has no default version in PolicyVersionList`)
    }
    const roles: Array<[string, RoleEntry]> = []
    asList(data.RoleDetailList).forEach((r, i) => {
      const entry = roleEntry(r)
      const acct = isObject(r) ? account(r.Arn) : undefined
      if (!entry || !acct) index.problems.push(`${file}: RoleDetailList[${i}] has no usable Arn, RoleName or AssumeRolePolicyDocument; skipped`)
      else roles.push([acct, entry])
    })
    if (accounts.size === 0) index.problems.push(`${file}: no account id found (no roles, users, groups or customer managed policies)`)
    for (const acct of accounts) {
      const entry: AccountEntry = index.accounts.get(acct) ?? {roles: new Map(), files: [], truncated: false}
      entry.files.push(file)
      entry.truncated ||= data.IsTruncated === true
      index.accounts.set(acct, entry)
    }
    for (const [acct, role] of roles) index.accounts.get(acct)?.roles.set(nameOf(role.record.arn).toLowerCase(), role)
  }
  return index
}

/** The role with that name in that account, or why not; role names are case-insensitive in IAM. */
export function snapshotRole(index: IamSnapshotIndex, role: RoleArn): Lookup<RoleEntry> {
  const account = index.accounts.get(role.accountId)
  if (!account) {
    return {
      status: 'unavailable', detail: `no IAM snapshot covers account ${role.accountId}`,
      needs: `--iam-snapshot with \`aws iam get-account-authorization-details\` output for account ${role.accountId}`,
    }
  }
  const hit = account.roles.get(role.name.toLowerCase())
  if (hit) return {status: 'found', value: hit}
  const where = `IAM snapshot ${account.files.join(', ')}`
  if (account.truncated) return {status: 'unavailable', detail: `not in the ${where}, which is truncated (IsTruncated)`, needs: 'a complete snapshot (the AWS CLI pages automatically; do not pass --max-items)'}
  return {status: 'missing', detail: `no role named ${role.name} in the ${where}`}
}

/** A managed policy's default-version document. */
export function snapshotPolicy(index: IamSnapshotIndex, arn: string): Lookup<unknown> {
  if (index.policies.has(arn)) return {status: 'found', value: index.policies.get(arn)}
  return {status: 'missing', detail: 'not in the Policies list of any --iam-snapshot'}
}

function roleEntry(r: unknown): RoleEntry | undefined {
  if (!isObject(r) || typeof r.Arn !== 'string' || typeof r.RoleName !== 'string' || r.AssumeRolePolicyDocument === undefined) return undefined
  const tags: Record<string, string> = {}
  for (const t of asList(r.Tags)) if (isObject(t) && typeof t.Key === 'string') tags[t.Key] = String(t.Value ?? '')
  const boundary = isObject(r.PermissionsBoundary) && typeof r.PermissionsBoundary.PermissionsBoundaryArn === 'string'
    ? r.PermissionsBoundary.PermissionsBoundaryArn : null
  const record: RoleRecord = {
    arn: r.Arn, trustPolicy: r.AssumeRolePolicyDocument, tags, permissionsBoundaryArn: boundary,
    ...(typeof r.RoleId === 'string' ? {roleId: r.RoleId} : {}),
  }
  const inline = asList(r.RolePolicyList).filter(isObject).map((p) => ({name: String(p.PolicyName ?? ''), document: p.PolicyDocument}))
  const attachedArns = asList(r.AttachedManagedPolicies).filter(isObject).map((p) => p.PolicyArn).filter((a): a is string => typeof a === 'string')
  return {record, policies: {inline, attachedArns, permissionsBoundaryArn: boundary}}
}

function nameOf(arn: string): string {
  return arn.split('/').pop() ?? arn
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : []
}
