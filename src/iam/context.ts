/**
 * The request context a policy is evaluated against. ackctl knows some keys exactly, knows that
 * others are absent (ACK sends no external id, no tags, no source identity), and cannot know the
 * rest (source IP, time, organization): those make a statement "depend on" the key, never guessed.
 */
export type ContextValue =
  | {state: 'present'; values: string[]}
  | {state: 'absent'}
  | {state: 'unknown'}
  /**
   * One value of a known shape (`aws-go-sdk-<digits>`): a condition is decided when every sample of
   * the shape gives the same answer and no policy value could equal one exact instance of it.
   */
  | {state: 'pattern'; shape: RegExp; samples: string[]; description: string}

/** The session names ACK's AssumeRole provider uses: `aws-go-sdk-<UnixNano>` (aws-sdk-go-v2 stscreds). */
const SESSION_NAME_SHAPE = /^aws-go-sdk-[0-9]+$/
const SESSION_NAME_SAMPLES = ((): string[] => {
  const digits: string[] = []
  for (const length of [1, 2, 10, 19, 20]) {
    for (let d = 0; d <= 9; d++) digits.push(String(d).repeat(length))
    digits.push(Array.from({length}, (_, i) => String(i % 10)).join(''), Array.from({length}, (_, i) => String(9 - (i % 10))).join(''))
  }
  // Realistic UnixNano values (19 digits) of several years, for patterns on the leading digits.
  digits.push('1700000000000000000', '1764633600123456789', '1893456000000000001')
  return digits.map((d) => `aws-go-sdk-${d}`)
})()

export interface RequestContext {
  /** Lower-cased key -> value. Keys not listed (and not under a known prefix) are unknown. */
  readonly entries: ReadonlyMap<string, ContextValue>
  /** Lower-cased key prefixes (e.g. `aws:principaltag/`) whose keys are absent unless listed. */
  readonly knownPrefixes: readonly string[]
  /** Lower-cased key -> why ackctl treats it as absent or unknown, quoted in reasons. */
  readonly notes: ReadonlyMap<string, string>
}

/** Condition keys are case-insensitive, so every lookup lower-cases them. */
export function lookupKey(ctx: RequestContext, key: string): ContextValue {
  const k = key.toLowerCase()
  const hit = ctx.entries.get(k)
  if (hit) return hit
  return ctx.knownPrefixes.some((p) => k.startsWith(p)) ? {state: 'absent'} : {state: 'unknown'}
}

export function noteFor(ctx: RequestContext, key: string): string | undefined {
  return ctx.notes.get(key.toLowerCase())
}

/** What ackctl knows about the principal that calls sts:AssumeRole (the controller's role session). */
export interface CallerFacts {
  roleArn: string
  partition: string
  accountId: string
  /** The role's tags, when its IAM data was read; `undefined` = unknown. */
  tags?: Record<string, string>
  /** `--principal-org-id`-style knowledge; `undefined` = unknown. */
  orgId?: string
}

/** What ackctl knows about the role being assumed (the resource of sts:AssumeRole). */
export interface TargetFacts {
  roleArn: string
  accountId: string
  tags?: Record<string, string>
}

export const EXTERNAL_ID_NOTE = 'ACK calls sts:AssumeRole without an external id (aws-controllers-k8s/community#2175)'

/**
 * The context of the AssumeRole call ACK makes: the caller is a session of the controller's role
 * (IRSA), the request carries no external id, tags, source identity or MFA, over TLS.
 * Ref: runtime pkg/runtime/config.go NewAWSConfig (spec §4.4).
 */
export function assumeRoleContext(caller: CallerFacts, target: TargetFacts): RequestContext {
  const entries = new Map<string, ContextValue>()
  const notes = new Map<string, string>()
  const present = (k: string, ...values: string[]) => entries.set(k.toLowerCase(), {state: 'present', values})
  const absent = (k: string, note?: string) => {
    entries.set(k.toLowerCase(), {state: 'absent'})
    if (note) notes.set(k.toLowerCase(), note)
  }
  const unknown = (k: string, note: string) => {
    entries.set(k.toLowerCase(), {state: 'unknown'})
    notes.set(k.toLowerCase(), note)
  }
  present('aws:PrincipalArn', caller.roleArn)
  present('aws:PrincipalAccount', caller.accountId)
  present('aws:PrincipalType', 'AssumedRole')
  present('aws:PrincipalIsAWSService', 'false')
  present('aws:SecureTransport', 'true')
  present('aws:ViaAWSService', 'false')
  present('aws:ResourceAccount', target.accountId)
  if (caller.orgId !== undefined) present('aws:PrincipalOrgID', caller.orgId)
  else unknown('aws:PrincipalOrgID', 'the organization of the controller\'s account is not known to ackctl')
  absent('sts:ExternalId', EXTERNAL_ID_NOTE)
  // Temporary credentials (the controller's IRSA or Pod Identity session) without MFA: the key is
  // present and false. Ref: IAM User Guide, "AWS global condition context keys", aws:MultiFactorAuthPresent.
  present('aws:MultiFactorAuthPresent', 'false')
  notes.set('aws:multifactorauthpresent', 'the controller\'s role session has no MFA')
  for (const k of ['aws:username', 'aws:TagKeys', 'sts:TransitiveTagKeys', 'sts:SourceIdentity', 'aws:SourceIdentity',
    'aws:MultiFactorAuthAge', 'aws:CalledVia', 'aws:CalledViaFirst', 'aws:CalledViaLast',
    'aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOrgID', 'aws:SourceOrgPaths', 'aws:PrincipalServiceName',
    'aws:PrincipalServiceNamesList']) {
    absent(k, 'ACK sends no tags, source identity or MFA data when it assumes a role')
  }
  entries.set('sts:rolesessionname', {state: 'pattern', shape: SESSION_NAME_SHAPE, samples: SESSION_NAME_SAMPLES, description: 'aws-go-sdk-<UnixNano>'})
  notes.set('sts:rolesessionname', 'ACK\'s session names are aws-go-sdk-<UnixNano> (aws-sdk-go-v2 stscreds defaults)')
  unknown('aws:userid', 'it contains the controller\'s own session name')
  const knownPrefixes = ['aws:requesttag/']
  addTags(entries, knownPrefixes, 'aws:principaltag/', caller.tags)
  addTags(entries, knownPrefixes, 'aws:resourcetag/', target.tags)
  addTags(entries, knownPrefixes, 'iam:resourcetag/', target.tags)
  return {entries, knownPrefixes, notes}
}

function addTags(entries: Map<string, ContextValue>, prefixes: string[], prefix: string, tags?: Record<string, string>): void {
  if (tags === undefined) return
  prefixes.push(prefix)
  for (const [k, v] of Object.entries(tags)) entries.set(`${prefix}${k.toLowerCase()}`, {state: 'present', values: [v]})
}
