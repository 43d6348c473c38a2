import {TAG_API_GROUP, TAG_CAPABILITY_ARN, TAG_NAMESPACE} from '../ack/capability.js'

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
  /**
   * The session may be EKS Pod Identity's (the role came from `--source-role-arn`, not from the
   * ServiceAccount's IRSA annotation): it would carry Pod Identity's transitive session tags.
   */
  podIdentityPossible?: boolean
}

/** What ackctl knows about the role being assumed (the resource of sts:AssumeRole). */
export interface TargetFacts {
  roleArn: string
  accountId: string
  tags?: Record<string, string>
}

/**
 * The session tags EKS Pod Identity sets, all transitive: a role chained from such a session (ACK's
 * sts:AssumeRole) sees them as aws:PrincipalTag. Ref: EKS User Guide, "Grant Pods access to AWS
 * resources based on tags" (List of session tags added by EKS Pod Identity; Cross-account tags).
 */
export const POD_IDENTITY_TAGS = ['eks-cluster-arn', 'eks-cluster-name', 'kubernetes-namespace', 'kubernetes-service-account', 'kubernetes-pod-name', 'kubernetes-pod-uid']

const POD_IDENTITY_NOTE = 'the controller\'s role was given with --source-role-arn: if the controller runs with EKS Pod Identity, its session carries this transitive session tag into ACK\'s sts:AssumeRole, with a value ackctl does not know (with IRSA it carries none)'

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
  // Session tags override the role's tags of the same key.
  if (caller.podIdentityPossible) for (const tag of POD_IDENTITY_TAGS) unknown(`aws:PrincipalTag/${tag}`, POD_IDENTITY_NOTE)
  return {entries, knownPrefixes, notes}
}

function addTags(entries: Map<string, ContextValue>, prefixes: string[], prefix: string, tags?: Record<string, string>): void {
  if (tags === undefined) return
  prefixes.push(prefix)
  for (const [k, v] of Object.entries(tags)) entries.set(`${prefix}${k.toLowerCase()}`, {state: 'present', values: [v]})
}

/** The session tags the EKS Capability sets when it assumes a selector's role, for one route to that role. */
export interface CapabilitySession {
  /** `eks:kubernetes-namespace`; undefined when no namespace routes to the role (the value is unknown). */
  namespace?: string
  /** `eks:kubernetes-api-group`, e.g. `s3.services.k8s.aws`. */
  apiGroup?: string
  /** `eks:eks-capability-arn`, when the user gave it. */
  capabilityARN?: string
}

const CAPABILITY_TAGS = [TAG_CAPABILITY_ARN, TAG_NAMESPACE, TAG_API_GROUP]

/**
 * The request context of the EKS Capability's sts:AssumeRole: the same as ACK's, except that the
 * call carries the three session tags (EKS User Guide, ack-permissions "Session tags"). What the
 * capability does not document (its session names, transitive tag keys, the tags of its own
 * capability-role session) is unknown, never guessed.
 */
export function capabilitySessionContext(base: RequestContext, session: CapabilitySession): RequestContext {
  const entries = new Map(base.entries)
  const notes = new Map(base.notes)
  const unknown = (k: string, note: string) => {
    entries.set(k, {state: 'unknown'})
    notes.set(k, note)
  }
  const values: Record<string, string | undefined> = {
    [TAG_CAPABILITY_ARN]: session.capabilityARN, [TAG_NAMESPACE]: session.namespace, [TAG_API_GROUP]: session.apiGroup,
  }
  for (const tag of CAPABILITY_TAGS) {
    const key = `aws:requesttag/${tag}`
    const value = values[tag]
    if (value !== undefined) entries.set(key, {state: 'present', values: [value]})
    else unknown(key, tag === TAG_CAPABILITY_ARN ? 'the capability ARN is not known: pass --eks-capability-arn' : `no ${tag === TAG_NAMESPACE ? 'namespace' : 'API group'} routes to this role, so the tag's value is unknown`)
    unknown(`aws:principaltag/${tag}`, 'the tags of the capability role\'s own session are not documented')
  }
  entries.set('aws:tagkeys', {state: 'present', values: [...CAPABILITY_TAGS]})
  notes.set('aws:tagkeys', 'the EKS Capability tags every session with eks:eks-capability-arn, eks:kubernetes-namespace and eks:kubernetes-api-group')
  unknown('sts:transitivetagkeys', 'the EKS Capability does not document transitive tag keys')
  unknown('sts:rolesessionname', 'the EKS Capability does not document its session names')
  return {entries, knownPrefixes: base.knownPrefixes, notes}
}

/**
 * The context of a service principal assuming a role (the EKS capabilities service assuming the
 * capability role): the capability runs in the role's own account (EKS requires it), so
 * aws:SourceAccount is that account; aws:SourceArn is the capability, when known. Nothing else is
 * documented, so every other key is unknown.
 */
export function serviceAssumeContext(service: string, accountId: string, sourceArn?: string): RequestContext {
  const entries = new Map<string, ContextValue>()
  const notes = new Map<string, string>()
  const present = (k: string, ...values: string[]) => entries.set(k.toLowerCase(), {state: 'present', values})
  present('aws:PrincipalIsAWSService', 'true')
  present('aws:PrincipalServiceName', service)
  present('aws:SecureTransport', 'true')
  present('aws:SourceAccount', accountId)
  present('aws:ResourceAccount', accountId)
  if (sourceArn !== undefined) present('aws:SourceArn', sourceArn)
  else {
    entries.set('aws:sourcearn', {state: 'unknown'})
    notes.set('aws:sourcearn', 'the capability ARN is not known: pass --eks-capability-arn')
  }
  return {entries, knownPrefixes: [], notes}
}
