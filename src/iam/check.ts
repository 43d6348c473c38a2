import type {ProbeResult} from './records.js'
import type {Side} from './trust.js'
import type {EksCapability} from '../core/types.js'

/** One (controller role, target role) pair to check, with what uses the target. */
export interface PlannedPair {
  /** The controller's own role; `null` when it is not known. */
  sourceRoleArn: string | null
  /** Where the source came from, e.g. `ServiceAccount ack-system/ack-s3-controller` or `--source-role-arn`. */
  sourceFrom: string[]
  /** Why the source is unknown, and how to supply it. */
  sourceMissing?: string
  roleArn: string
  /** Things a user can `kubectl get` that make a controller assume the role. */
  usedBy: string[]
  /** True when no namespace resolves to the role (the entry is checked anyway). */
  unused: boolean
  /** Service aliases of the controllers this pair stands for. */
  controllers: string[]
  /** The EKS Capability assumes the role (with session tags); the source is the capability role. */
  capability?: EksCapability
  /** Capability only: every (namespace, API group) that resolves to the role, i.e. the session tags it is assumed with. */
  routes?: Route[]
}

/** A namespace and API group whose resources resolve to a role: the capability's session tags for them. */
export interface Route {
  namespace: string
  apiGroup: string
}

/** The verdict for one route of a capability pair (its session tags decide tag conditions). */
export interface RouteCheck extends Route {
  verdict: Verdict
  trust: Side
  identity: Side
  reasons: string[]
}

export type Verdict = 'pass' | 'fail' | 'unknown'

/** The answer for one pair (the JSON contract of `verify-trust -o json`). */
export interface TrustCheck {
  sourceRoleARN: string | null
  roleARN: string
  usedBy: string[]
  unused: boolean
  controllers: string[]
  verdict: Verdict
  trust: Side
  identity: Side
  /** The decisive reasons first: which statement allowed or denied, which condition failed. */
  reasons: string[]
  /** Unknown because IAM data or access was missing (exit code 3), not because of a condition. */
  incomplete: boolean
  probe?: ProbeResult
  /**
   * EKS Capability only: the verdict for each namespace and API group that routes to the role (the
   * session tags differ, so tag conditions may allow one and deny another). The pair's verdict is the worst.
   */
  routes?: RouteCheck[]
}

/** The capability role's own trust policy: may `capabilities.eks.amazonaws.com` assume it (with sts:TagSession)? */
export interface CapabilityRoleCheck {
  roleARN: string
  principal: string
  verdict: Verdict
  reasons: string[]
  incomplete: boolean
}

export interface TrustReport {
  checks: TrustCheck[]
  /** Present with --eks-capability-role-arn. */
  capabilityRole?: CapabilityRoleCheck
  /** Notes for people (also in JSON, since oclif silences stderr under --json). */
  notes: string[]
  summary: {pass: number; fail: number; unknown: number}
}

/** 1 when any pair fails; 3 when any pair is unknown for lack of data or access (it outranks 1). */
/**
 * A FAIL fails the run; an UNKNOWN pair, for any reason (missing data or access, or a condition
 * ackctl cannot decide), leaves the result undecided (exit 3) unless the user accepts UNKNOWN.
 */
export function reportExitInput(report: TrustReport, opts: {allowUnknown?: boolean} = {}): {failures: boolean; incomplete: boolean} {
  const verdicts = [...report.checks.map((c) => c.verdict), ...(report.capabilityRole ? [report.capabilityRole.verdict] : [])]
  return {failures: verdicts.includes('fail'), incomplete: !opts.allowUnknown && verdicts.includes('unknown')}
}
