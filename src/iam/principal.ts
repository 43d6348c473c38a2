import {parseArn} from '../ack/arn.js'
import type {RoleArn} from './arn.js'
import type {Tri} from './conditions.js'
import type {PrincipalSpec} from './policy-document.js'

/** The caller of sts:AssumeRole: a session of the controller's role (IRSA). */
export interface Caller {
  role: RoleArn
  /** The role's unique id (`AROA...`), when its IAM data was read. */
  roleId?: string
  /**
   * Set when the caller is an AWS service principal (`capabilities.eks.amazonaws.com` assuming the
   * EKS capability role); `role` is then the role being assumed, named in reasons only.
   */
  service?: string
}

/**
 * How a Principal matched: `direct` names the role (or its unique id), `anyone` is `*`,
 * `account` delegates to the account (then the caller's own policies must allow the call too).
 */
export type GrantKind = 'direct' | 'anyone' | 'account'

export interface PrincipalMatch {
  result: Tri
  kind?: GrantKind
  detail: string
}

const UNIQUE_ID = /^A[A-Z]{3}[A-Z0-9]{12,}$/
const RANK: Record<GrantKind, number> = {direct: 3, anyone: 2, account: 1}

/**
 * Whether a Principal element covers the caller. Forms: `*`, `{"AWS": "*"}`, an account id,
 * `arn:...:root`, a role ARN, an assumed-role session ARN (depends on the session name), and a
 * unique id (what IAM shows once the named role was deleted). Service, Federated and
 * CanonicalUser principals never match a role session.
 * Ref: IAM User Guide, "AWS JSON policy elements: Principal".
 */
export function matchPrincipal(spec: PrincipalSpec, caller: Caller): PrincipalMatch {
  if (spec === '*') return {result: 'true', kind: 'anyone', detail: 'Principal "*"'}
  let best: PrincipalMatch | undefined
  let unknown: PrincipalMatch | undefined
  const notes: string[] = []
  for (const [type, values] of Object.entries(spec)) {
    for (const value of values) {
      const m = caller.service !== undefined ? matchService(type, value, caller.service)
        : type === 'AWS' ? matchAwsValue(value, caller) : {result: 'false' as Tri, detail: `${type} principal ${value}`}
      if (m.result === 'true' && m.kind && (!best || RANK[m.kind] > RANK[best.kind ?? 'account'])) best = m
      else if (m.result === 'unknown') unknown ??= m
      else if (m.result === 'false') notes.push(m.detail)
    }
  }
  if (best) return best
  if (unknown) return unknown
  return {result: 'false', detail: `Principal names ${notes.join(', ') || 'nothing'}, not ${caller.service ?? caller.role.arn}`}
}

/** A service principal caller matches `{"Service": "<its name>"}` (or `{"AWS": "*"}`), nothing else. */
function matchService(type: string, value: string, service: string): PrincipalMatch {
  if (type === 'Service' && value === service) return {result: 'true', kind: 'direct', detail: `Principal names the service ${service}`}
  if (type === 'AWS' && value === '*') return {result: 'true', kind: 'anyone', detail: 'Principal {"AWS": "*"}'}
  return {result: 'false', detail: `${type} principal ${value}`}
}

/**
 * NotPrincipal: the statement applies unless every identity of the caller is listed
 * (its account, its role and its session). Ref: IAM User Guide, "NotPrincipal".
 */
export function matchNotPrincipal(spec: PrincipalSpec, caller: Caller): PrincipalMatch {
  if (spec === '*') return {result: 'false', detail: 'NotPrincipal "*" excludes everyone'}
  const listed = {account: false, role: false, session: 'false' as Tri}
  for (const value of spec.AWS ?? []) {
    const m = matchAwsValue(value, caller)
    if (m.result === 'true' && m.kind === 'account') listed.account = true
    if (m.result === 'true' && m.kind === 'direct') listed.role = true
    if (m.result === 'true' && m.kind === 'anyone') return {result: 'false', detail: 'NotPrincipal lists "*"'}
    if (m.result === 'unknown') listed.session = 'unknown'
  }
  if (!listed.account || !listed.role) {
    return {result: 'true', kind: 'anyone', detail: `NotPrincipal does not list the caller's ${listed.account ? 'role' : 'account'}`}
  }
  if (listed.session === 'unknown') return {result: 'unknown', detail: 'NotPrincipal lists a session of the controller\'s role: depends on its session name'}
  return {result: 'true', kind: 'anyone', detail: 'NotPrincipal lists the account and the role but not the controller\'s session'}
}

/**
 * NotPrincipal in an Allow statement: it grants every principal except those listed, so the caller
 * is left out as soon as one of its identities is listed (its account, its role, or its session).
 * The opposite reading of the Deny case above. Ref: IAM User Guide, "NotPrincipal" (NotPrincipal with Allow).
 */
export function matchNotPrincipalAllow(spec: PrincipalSpec, caller: Caller): PrincipalMatch {
  if (spec === '*') return {result: 'false', detail: 'NotPrincipal "*" leaves nobody'}
  let session: Tri = 'false'
  for (const value of spec.AWS ?? []) {
    const m = matchAwsValue(value, caller)
    if (m.result === 'true') return {result: 'false', detail: `NotPrincipal lists ${m.kind === 'anyone' ? '"*"' : m.kind === 'account' ? `the caller's account (${value})` : `the caller's role (${value})`}, so this Allow leaves it out`}
    if (m.result === 'unknown') session = 'unknown'
  }
  if (session === 'unknown') return {result: 'unknown', detail: 'NotPrincipal lists a session of the controller\'s role: depends on its session name'}
  return {result: 'true', kind: 'anyone', detail: 'NotPrincipal does not list the caller: this Allow grants every principal but those listed'}
}

function matchAwsValue(value: string, caller: Caller): PrincipalMatch {
  const role = caller.role
  if (value === '*') return {result: 'true', kind: 'anyone', detail: 'Principal {"AWS": "*"}'}
  if (/^\d{12}$/.test(value)) {
    return value === role.accountId
      ? {result: 'true', kind: 'account', detail: `Principal names the account ${value}`}
      : {result: 'false', detail: `account ${value}`}
  }
  if (UNIQUE_ID.test(value)) {
    if (caller.roleId !== undefined && value === caller.roleId) return {result: 'true', kind: 'direct', detail: `Principal names the role by its unique id ${value}`}
    return {result: 'false', detail: `the unique id ${value} (IAM shows a unique id when the role it named was deleted; recreating a role does not restore trust, re-save the trust policy with the role ARN)`}
  }
  const parsed = parseArn(value)
  if (!parsed.ok) return {result: 'false', detail: `"${value}" (not an ARN or account id)`}
  const {partition, service, accountID, resource} = parsed.arn
  if (partition !== role.partition || accountID !== role.accountId) return {result: 'false', detail: value}
  if (service === 'iam' && resource === 'root') return {result: 'true', kind: 'account', detail: `Principal names the account ${accountID} (${value})`}
  if (service === 'iam' && resource.startsWith('role/')) {
    const expected = `role${role.path}${role.name}`.toLowerCase()
    if (resource.toLowerCase() === expected) return {result: 'true', kind: 'direct', detail: `Principal names the role ${value}`}
    const name = resource.split('/').pop() ?? ''
    if (name.toLowerCase() === role.name.toLowerCase()) return {result: 'false', detail: `${value} (same name, different path than ${role.arn})`}
    return {result: 'false', detail: value}
  }
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const [, roleName] = resource.split('/')
    if ((roleName ?? '').toLowerCase() === role.name.toLowerCase()) {
      return {result: 'unknown', detail: `Principal names the session ${value}: depends on the controller's own session name`}
    }
  }
  return {result: 'false', detail: value}
}
