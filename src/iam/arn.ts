import {parseArn} from '../ack/arn.js'

/** An IAM role ARN split into the parts trust and identity checks compare. */
export interface RoleArn {
  arn: string
  partition: string
  accountId: string
  /** `/` or `/a/b/`, as IAM stores it. */
  path: string
  name: string
}

export type RoleArnParse = {ok: true; role: RoleArn} | {ok: false; reason: string}

const ACCOUNT = /^\d{12}$/
const PARTITION = /^aws(-[a-z]+)*$/
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/
const PATH_SEGMENT = /^[\x21-\x2e\x30-\x7e]+$/

/**
 * Whether a string is a usable IAM role ARN: `arn:<partition>:iam::<12 digits>:role/<path/>name`.
 * Stricter than the controller's `arn.Parse` (which accepts any six sections): the reasons name
 * the mistakes seen in CARM maps and selectors (white space, session or user ARNs, a region).
 */
export function parseRoleArn(value: string): RoleArnParse {
  if (value !== value.trim()) return {ok: false, reason: 'the ARN has leading or trailing white space (ACK does not trim it)'}
  if (value === '') return {ok: false, reason: 'the role ARN is empty'}
  const parsed = parseArn(value)
  if (!parsed.ok) return {ok: false, reason: `not an ARN (${parsed.error})`}
  const {partition, service, region, accountID, resource} = parsed.arn
  if (!PARTITION.test(partition)) return {ok: false, reason: `unknown partition "${partition}" (expected aws, aws-cn, aws-us-gov, ...)`}
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const roleName = resource.split('/')[1] ?? ''
    return {ok: false, reason: `this is an STS session ARN, not a role ARN; use arn:${partition}:iam::${accountID}:role/${roleName} (with the role's path)`}
  }
  if (service !== 'iam') return {ok: false, reason: `not an IAM ARN (service "${service}")`}
  if (region !== '') return {ok: false, reason: `IAM ARNs have no region, found "${region}"`}
  if (!ACCOUNT.test(accountID)) return {ok: false, reason: `the account "${accountID}" is not a 12-digit AWS account id`}
  if (!resource.startsWith('role/')) {
    const kind = resource.split('/')[0]
    return {ok: false, reason: `this is an IAM ${kind === '' ? 'resource' : kind} ARN, not a role ARN (expected "role/...")`}
  }
  const parts = resource.slice('role/'.length).split('/')
  const name = parts.pop() ?? ''
  if (!ROLE_NAME.test(name)) return {ok: false, reason: `"${name}" is not a valid role name (1-64 of letters, digits and +=,.@_-)`}
  if (parts.some((p) => !PATH_SEGMENT.test(p))) return {ok: false, reason: 'the role path has an empty or invalid segment'}
  const path = parts.length === 0 ? '/' : `/${parts.join('/')}/`
  return {ok: true, role: {arn: value, partition, accountId: accountID, path, name}}
}
