/**
 * The contract of `ackctl migrate-carm`: what the translation generates, what the equivalence proof
 * found, what could not be carried over, and the cut-over plan. Everything here is plain data, so
 * `--json` prints it as it is and renderers never re-derive anything.
 */
import type {EksCapability, ErrorCode, ObjectRef, Outcome, Severity} from '../core/types.js'

export type Strategy = 'names' | 'labels'

/** The default label key for namespaces (labels strategy) and for resources that need a label. */
export const DEFAULT_LABEL_KEY = 'ackctl.io/iam-role'
/** Annotation on every generated selector: the CARM map entries it was translated from. */
export const GENERATED_FROM_ANNOTATION = 'ackctl.io/generated-from'
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by'
export const SELECTOR_API_VERSION = 'services.k8s.aws/v1alpha1'
/** Stems of the files --output-dir writes beside `<selector>.yaml`: never used as selector names. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['namespace-labels', 'label-namespaces', 'label-resources', 'plan'])

export interface MigrationOptions {
  strategy: Strategy
  /** Namespace label key (labels strategy) and resource label key (resources that need one). */
  labelKey: string
  /**
   * How the user gave the input, as ackctl arguments (`['-f', 'cluster.yaml']`, `['--context', 'prod']`),
   * whether that is the live cluster, and the output directory if any: used in the plan's commands.
   */
  invocation: {sourceArgs: string[]; live: boolean; outputDir?: string}
  /**
   * `--to-eks-capability-role-arn`: the cut-over is from self-managed controllers to the EKS Capability
   * with this role (the proof resolves the target as the capability; the plan adds trust and policy changes).
   */
  capability?: EksCapability
}

/** An IAMRoleSelector manifest exactly as printed (key order is the output order). */
export interface SelectorManifest {
  apiVersion: typeof SELECTOR_API_VERSION
  kind: 'IAMRoleSelector'
  metadata: {name: string; labels: Record<string, string>; annotations: Record<string, string>}
  spec: {
    arn: string
    namespaceSelector: {names: string[]; labelSelector?: {matchLabels: Record<string, string>}}
    resourceTypeSelector?: Array<{group: string; version: string; kind: string}>
    resourceLabelSelector?: {matchLabels: Record<string, string>}
  }
}

/** One label to set (`value`) or remove (`value: null`) on a Namespace or an ACK resource. */
export interface LabelChange {
  object: ObjectRef
  /** kubectl's resource argument: `namespace`, `buckets.s3.services.k8s.aws`. */
  resource: string
  key: string
  value: string | null
  /** The value the object carries today, if any. */
  previous?: string
}

/** What the controller does for one resource or one (namespace, kind) cell, reduced to what the proof compares. */
export interface OutcomeSummary {
  outcome: Outcome
  roleARN: string
  accountID: string
  region: string
  endpoint: string
  error?: string
  errorCode?: ErrorCode
  selector?: string
  conflictingSelectors?: string[]
}

/**
 * A resource or cell whose resolution changes at the cut-over.
 * `changed`: it had a role (or default credentials) today and gets something else: breaks equivalence.
 * `already-failing`: it fails today (requeue, reconcile error, drift, start-up error), so it has no
 * role to keep; listed when the cut-over changes what happens to it, never counted against equivalence.
 */
export interface Difference {
  verdict: 'changed' | 'already-failing'
  /** `resource`: an ACK resource in the input; `new-resource`: a new unlabelled resource of a kind in a namespace. */
  subject: 'resource' | 'new-resource'
  namespace: string
  apiVersion: string
  kind: string
  /** The resource's name; absent for a new-resource cell. */
  name?: string
  /** What differs: outcome, roleARN, accountID, region, endpoint, error. */
  fields: string[]
  before: OutcomeSummary
  after: OutcomeSummary
  /**
   * Fails today (nothing happens in AWS) but acts after the cut-over: with a role, or with the
   * controller's own credentials in another account than intended. Fails the command unless
   * --allow-starts-acting.
   */
  startsActing?: true
}

/** Something that cannot be carried over exactly, or a decision the translation made; names the objects involved. */
export interface MigrationNote {
  severity: Severity
  code: string
  message: string
  objects: ObjectRef[]
}

export interface PlanStep {
  id: 'label-namespaces' | 'label-resources' | 'apply-selectors' | 'lint' | 'switch-controller' | 'confirm' | 'clean-up'
    | 'trust-selector-roles' | 'capability-role-policy' | 'default-credentials' | 'switch-to-capability'
  title: string
  commands: string[]
  details: string[]
  /** For `switch-controller`: the controller and the settings it must run with. */
  controller?: {
    serviceAlias: string
    deployment?: string
    /** Without a Deployment: the GitOps release whose values change (a Flux HelmRelease, an Argo CD Application, a kustomization). */
    release?: ObjectRef
    helmValues: {enableCARM: false; featureGates: Record<string, boolean>}
    args: string[]
    /**
     * Where the Deployment takes the settings from an `envFrom` ConfigMap (OLM installs): the
     * ConfigMaps to change, by `namespace/name`, with the keys and values they must hold.
     */
    configMaps?: Record<string, Record<string, string>>
  }
}

export interface MigrationSummary {
  strategy: Strategy
  labelKey: string
  selectors: number
  roles: number
  resources: number
  cells: number
  keep: number
  alreadyFailing: number
  changed: number
  /** Of the already failing, how many would start acting after the cut-over (see Difference.startsActing). */
  startsActing: number
  complete: boolean
}

/** The `--json` contract of `ackctl migrate-carm`. */
export interface MigrationResult {
  selectors: SelectorManifest[]
  equivalent: boolean
  differences: Difference[]
  notes: MigrationNote[]
  plan: PlanStep[]
  labelChanges: LabelChange[]
  /**
   * `--to-eks-capability-role-arn` only: the IAM changes the capability needs. `trustStatement` goes
   * into the trust policy of every role in `roles`; `capabilityRolePolicy` is an inline policy for the
   * capability role. Both allow sts:AssumeRole and sts:TagSession (EKS User Guide, ack-permissions).
   * `capabilityRolePolicy` is null when `roles` is empty: there is nothing to allow.
   */
  capability?: {roleARN: string; roles: string[]; trustStatement: Record<string, unknown>; capabilityRolePolicy: Record<string, unknown> | null}
  summary: MigrationSummary
}
