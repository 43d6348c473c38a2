import {
  ANNOTATION_DEFAULT_REGION, ANNOTATION_ENDPOINT_URL, ANNOTATION_OWNER_ACCOUNT_ID, ANNOTATION_REGION, ANNOTATION_TEAM_ID,
} from '../../ack/carm.js'
import {CARM_IGNORED_NAMESPACES} from '../../ack/controller.js'
import {editDistance} from '../../core/spelling.js'
import {describeResource, namespaceHit, resourceHit} from './refs.js'
import type {LintRule, RuleHit} from '../types.js'

const PREFIX = 'services.k8s.aws/'
const DOMAIN = 'services.k8s.aws'
const DELETION_POLICY = `${PREFIX}deletion-policy`
/** `<service>.services.k8s.aws/deletion-policy`: the Namespace form, keyed by service alias. */
const SERVICE_DELETION_POLICY = /^(.+)\.services\.k8s\.aws\/deletion-policy$/

/** Every annotation the ACK runtime defines (runtime apis/core/v1alpha1/annotations.go), by name. */
const KNOWN_NAMES = [
  'adopted', 'owner-account-id', 'team-id', 'region', 'default-region', 'endpoint-url', 'deletion-policy', 'read-only',
  'adoption-policy', 'adoption-fields',
]
/**
 * Written without a domain, only `owner-account-id` (`ownerAccountID`, ...) is taken for an ACK
 * annotation: shorter names such as `team-id` or `region` are common annotations of other tools.
 */
const BARE_NAMES = new Set(['owner-account-id'])

/**
 * An ACK annotation written where the controller never reads it, or a near miss of one's name. The
 * runtime reads only these (spec §2.2, §4.1, §4.2; runtime pkg/runtime/cache/namespace.go
 * setNamespaceInfoFromK8sObject and pkg/runtime/reconciler.go getRegion, getEndpointURL,
 * getDeletionPolicy):
 * - on a Namespace: `owner-account-id`, `team-id`, `default-region`, `endpoint-url` and
 *   `<service>.services.k8s.aws/deletion-policy` (looked up by the lowercase service alias); CARM
 *   never reads `owner-account-id` or `team-id` on kube-system, kube-public or kube-node-lease (§2.5.6);
 * - on a resource: `region` and `deletion-policy` (and the adoption and read-only annotations).
 * `owner-account-id` and `team-id` on a resource are ignored although the runtime's comments say
 * they work "on a CR" (spec §7.8), and `region` on a Namespace is ignored although getRegion's comment
 * names it. Any other spelling is an annotation like any other: the controller never sees it, and
 * the resource takes another route without an error.
 */
export const annotationIgnored: LintRule = {
  id: 'annotation-ignored',
  severity: 'warning',
  summary: 'An ACK annotation on an object the controller never reads it from, or a misspelt ACK annotation.',
  description:
    'The controller reads `services.k8s.aws/owner-account-id`, `team-id`, `default-region`, `endpoint-url` and ' +
    '`<service>.services.k8s.aws/deletion-policy` on the Namespace only, and `services.k8s.aws/region` and ' +
    '`deletion-policy` on the resource only. `owner-account-id` or `team-id` on a resource is ignored, although the ' +
    'runtime\'s own comments say it works "on a CR"; `region` on a Namespace is ignored (the Namespace\'s is ' +
    '`default-region`); `owner-account-id` or `team-id` on `kube-system`, `kube-public` or `kube-node-lease` is ' +
    'never read by CARM. A misspelt key (`owner-account`, `service.k8s.aws/team-id`, `ownerAccountID`) is an annotation ' +
    'the controller never sees. In every case nothing fails: the resource quietly takes another route, such as the ' +
    'controller\'s own credentials or its default region.',
  remediation:
    'Move the annotation to the object that is read (`owner-account-id`, `team-id`, `default-region` and `endpoint-url` ' +
    'on the Namespace; `region` on the resource), or spell it as the message suggests. To route single resources to ' +
    'another account, use an IAMRoleSelector with a `resourceLabelSelector`.',
  check(ctx) {
    const hits: RuleHit[] = []
    for (const ns of ctx.snapshot.namespaces) {
      for (const key in ns.annotations) {
        const problem = onNamespace(key, ns.name, ns.annotations[key])
        if (problem) hits.push(namespaceHit(ns, `Namespace ${ns.name} annotation ${key} ${problem}`))
      }
    }
    // Where no controller runs CARM (the IAMRoleSelector gate, the EKS Capability), a namespace annotation would not route either.
    const carm = ctx.controllers.some((c) => !c.settings.capability && c.config.carmRunning)
    for (const r of ctx.snapshot.resources) {
      for (const key in r.annotations) {
        const problem = onResource(key, r.namespace, carm)
        if (problem) hits.push(resourceHit(r, `${describeResource(r)}: annotation ${key} ${problem}`))
      }
    }
    return hits
  },
}

function onNamespace(key: string, name: string, value: string): string | undefined {
  if ((key === ANNOTATION_OWNER_ACCOUNT_ID || key === ANNOTATION_TEAM_ID) && value !== '' && CARM_IGNORED_NAMESPACES.has(name)) {
    return `is ignored: CARM never reads the annotations of ${[...CARM_IGNORED_NAMESPACES].join(', ')}, so resources in ${name} use the controller's own credentials unless an IAMRoleSelector matches them`
  }
  if (key === ANNOTATION_REGION) {
    return `is ignored on a Namespace: the controller reads the namespace's default region from ${ANNOTATION_DEFAULT_REGION} (getRegion's comment in the runtime says otherwise)`
  }
  if (key === DELETION_POLICY) {
    return 'is ignored on a Namespace: there the controller reads <service>.services.k8s.aws/deletion-policy, e.g. s3.services.k8s.aws/deletion-policy'
  }
  const service = SERVICE_DELETION_POLICY.exec(key)?.[1]
  if (service !== undefined) {
    const lower = service.toLowerCase()
    return lower === service ? undefined : `never applies: the controller looks it up by its lowercase service alias (${lower}.services.k8s.aws/deletion-policy)`
  }
  const meant = misspelt(key)
  if (meant === undefined) return undefined
  return `${notAck(meant)}${meant === ANNOTATION_REGION ? ` (on a Namespace: ${ANNOTATION_DEFAULT_REGION})` : ''}`
}

function onResource(key: string, namespace: string, carm: boolean): string | undefined {
  if (key === ANNOTATION_OWNER_ACCOUNT_ID || key === ANNOTATION_TEAM_ID) {
    const fix = carm ? 'annotate the Namespace, or route the resource with an IAMRoleSelector' : 'no controller here runs CARM, so route the resource with an IAMRoleSelector'
    return `is ignored on a resource: the controller reads it only on the Namespace (${namespace}), whatever the runtime's comments say; ${fix}`
  }
  if (key === ANNOTATION_DEFAULT_REGION) {
    return `is ignored on a resource: a resource's own region is ${ANNOTATION_REGION} (${ANNOTATION_DEFAULT_REGION} is read on the Namespace)`
  }
  if (key === ANNOTATION_ENDPOINT_URL) {
    return `is ignored on a resource: the endpoint comes only from the Namespace's ${ANNOTATION_ENDPOINT_URL}, else the controller's --aws-endpoint-url`
  }
  if (SERVICE_DELETION_POLICY.test(key)) {
    return `is ignored on a resource: a resource's own deletion policy is ${DELETION_POLICY} (the service prefix is the Namespace's form)`
  }
  const meant = misspelt(key)
  if (meant === undefined) return undefined
  return `${notAck(meant)}${NAMESPACE_ONLY.has(meant) ? ' (read on the Namespace, not on a resource)' : ''}`
}

const NAMESPACE_ONLY = new Set([ANNOTATION_OWNER_ACCOUNT_ID, ANNOTATION_TEAM_ID, ANNOTATION_DEFAULT_REGION, ANNOTATION_ENDPOINT_URL])
const notAck = (meant: string) => `is not an ACK annotation, and the controller ignores it: did you mean ${meant}?`

/** The ACK annotation a key that is not one most likely meant (`services.k8s.aws/owner-account-id`), if any. */
function misspelt(key: string): string | undefined {
  const slash = key.indexOf('/')
  const domain = slash < 0 ? '' : key.slice(0, slash)
  const name = key.slice(slash + 1)
  if (domain === DOMAIN) {
    if (KNOWN_NAMES.includes(name)) return undefined
  } else if (domain === '') {
    // `owner-account-id: "111111111111"`: the name without its domain.
    const known = normalised(name)
    return BARE_NAMES.has(known) ? `${PREFIX}${known}` : undefined
  } else if (domain.endsWith(`.${DOMAIN}`) || !nearDomain(domain)) {
    return undefined
  }
  const known = closestName(name)
  return known === undefined ? undefined : `${PREFIX}${known}`
}

/** A domain one or two edits from services.k8s.aws, or the same in another case. */
function nearDomain(domain: string): boolean {
  const lower = domain.toLowerCase()
  return lower === DOMAIN || (Math.abs(lower.length - DOMAIN.length) <= 2 && editDistance(lower, DOMAIN, 2) <= 2)
}

/** `ownerAccountID`, `Owner_Account_Id` -> `owner-account-id`. */
function normalised(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().replace(/_/g, '-')
}

/**
 * The known annotation name `name` most likely meant: the same once case, `_` and camelCase are
 * evened out; else one edit away (two for names over seven characters); else the only name it
 * begins at a `-` (`owner-account`, `team`). Undefined when none or more than one fits.
 */
function closestName(name: string): string | undefined {
  const plain = normalised(name)
  if (KNOWN_NAMES.includes(plain)) return plain
  const near = KNOWN_NAMES.filter((known) => editDistance(plain, known, 2) <= (known.length > 7 ? 2 : 1))
  if (near.length === 1) return near[0]
  if (near.length > 1) return undefined
  const cut = plain.length >= 4 ? KNOWN_NAMES.filter((known) => known.startsWith(`${plain}-`)) : []
  return cut.length === 1 ? cut[0] : undefined
}
