/**
 * IAM data as ackctl reads it, whether from the IAM API or from `get-account-authorization-details`
 * snapshots. Lookups are values: a role is found, does not exist, or could not be read (and then
 * the missing permission is named), so missing access never turns into a pass.
 */

export interface RoleRecord {
  /** The ARN IAM reports (with the role's path and the name's real case). */
  arn: string
  roleId?: string
  /** The trust policy as read: object, JSON text or URL-encoded JSON text. */
  trustPolicy: unknown
  /** `undefined` = not read. */
  tags?: Record<string, string>
  /** `null` = the role has no permissions boundary; `undefined` = not read. */
  permissionsBoundaryArn?: string | null
}

/** The identity side of a role: its inline and attached policies and its boundary. */
export interface RolePolicies {
  inline: Array<{name: string; document: unknown}>
  attachedArns: string[]
  permissionsBoundaryArn: string | null
}

export type Unavailable = {
  status: 'unavailable'
  /** What went wrong, in words (`AccessDenied: ...`, `no IAM data for account 222222222222`). */
  detail: string
  /** The permission or input that would make it readable, e.g. `iam:GetRole on arn:...`. */
  needs?: string
}

export type Lookup<T> = {status: 'found'; value: T} | {status: 'missing'; detail: string} | Unavailable

/** A decided identity side, from IAM's policy simulator or ackctl's evaluator. */
export interface IdentityFacts {
  via: 'simulator' | 'evaluator'
  /** Identity-based policies alone (no boundary). */
  identity: {decision: 'allow' | 'explicit-deny' | 'implicit-deny' | 'unknown'; reasons: string[]; mayDeny?: string[]}
  /** The permissions boundary; `undefined` when the role has none. */
  boundary?: {decision: 'allow' | 'explicit-deny' | 'implicit-deny' | 'unknown'; reasons: string[]}
}

export type IdentityLookup = {status: 'found'; value: IdentityFacts} | Unavailable

/** The result of `--probe`: a real sts:AssumeRole with the current credentials. */
export interface ProbeResult {
  outcome: 'succeeded' | 'denied' | 'error'
  message: string
  /** The ARN of the credentials that called (`sts:GetCallerIdentity`). */
  callerArn?: string
  /** True when those credentials are a session of the pair's source role: the probe then decides. */
  asSource: boolean
}
