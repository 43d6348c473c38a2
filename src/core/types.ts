/**
 * The in-memory snapshot every ackctl command works on, and the values analyses return.
 * Sources (files, stdin, live cluster) fill a Snapshot; pure analyses read it.
 * Nothing in src/model imports node:*, a Kubernetes client or an AWS SDK.
 */

/** Where an object came from: a file (`-` for stdin) and 1-based line/column, or a live cluster. */
export interface SourceLocation {
  file: string
  line?: number
  column?: number
}

/** Enough to `kubectl get` an object. `namespace` is absent for cluster-scoped objects. */
export interface ObjectRef {
  apiVersion: string
  kind: string
  namespace?: string
  name: string
}

export type Severity = 'error' | 'warning' | 'info'

/** A problem found while loading or analysing. Problems are values, never exceptions. */
export interface Finding {
  rule: string
  severity: Severity
  message: string
  object?: ObjectRef
  file?: string
  line?: number
  column?: number
}

export type Labels = Record<string, string>

export interface NamespaceObject {
  name: string
  /** Includes `kubernetes.io/metadata.name`, synthesised when the input lacks it (the API server adds it). */
  labels: Labels
  annotations: Labels
  location?: SourceLocation
}

export interface ConfigMapObject {
  name: string
  namespace: string
  /** Only `.data`; `binaryData` is ignored like the controller does. */
  data: Record<string, string>
  /** metadata.annotations (lint suppressions live there). */
  annotations?: Labels
  location?: SourceLocation
}

/** A resourceTypeSelector entry as decoded; absent keys are `undefined` (the CRD requires all three). */
export interface SelectorGvk {
  group: string
  version: string
  kind: string
}

/** IAMRoleSelector spec after decoding, with the controller's Go zero values for absent fields. */
export interface IamRoleSelectorSpec {
  arn: string
  namespaceNames: string[]
  namespaceMatchLabels: Labels
  resourceTypes: SelectorGvk[]
  resourceMatchLabels: Labels
}

export interface IamRoleSelectorObject {
  name: string
  resourceVersion: string
  labels: Labels
  annotations: Labels
  spec: IamRoleSelectorSpec
  /** The object exactly as read (for lint checks on pruned/unknown fields). */
  raw: Record<string, unknown>
  /**
   * What the API server would do with this object on admission (CRD schema):
   * `rejected` objects never exist in a cluster and are left out of matching.
   */
  admission: {status: 'ok' | 'pruned' | 'rejected'; problems: string[]}
  location?: SourceLocation
}

export interface Condition {
  type: string
  status: string
  message?: string
  reason?: string
}

/** Any object whose API group ends in `.services.k8s.aws` (other than IAMRoleSelector). */
export interface AckResourceObject {
  apiVersion: string
  group: string
  version: string
  kind: string
  name: string
  namespace: string
  labels: Labels
  annotations: Labels
  /** `status.ackResourceMetadata` fields; `null` when the object has no such metadata. */
  status: null | {ownerAccountID?: string; region?: string}
  /** Has any `*Ref`/`*Refs` field in spec (the controller then sets ACK.ReferencesResolved). */
  hasReferences: boolean
  /** `status.conditions` as observed (empty from manifests without status). */
  conditions: Condition[]
  location?: SourceLocation
}

/** An installed ACK kind (from a CRD, or inferred from a resource when no CRD is in the input). */
export interface AckKind {
  group: string
  /** The version a new resource would be created with (CRD storage version). */
  version: string
  kind: string
  plural?: string
  origin: 'crd' | 'resource'
}

/** Raw controller settings, in the controller's own flag syntax, before start-up validation. */
/** Where a setting set at run time comes from: `$(ENABLE_CARM)` from `ConfigMap ack-system/ack-s3-user-config (envFrom, not in the input)`. */
export interface UnknownSetting {
  via: string
  source: string
}

export interface ControllerSettings {
  /** `s3` for s3.services.k8s.aws. */
  serviceAlias: string
  /** The controller's own account (GetCallerIdentity); `''` when unknown. */
  accountID: string
  /** `--aws-region`, falling back to env AWS_REGION. */
  region: string
  endpointURL: string
  /** `--aws-identity-endpoint-url` (STS GetCallerIdentity at start-up); absent = `''`. Checked like endpointURL. */
  identityEndpointURL?: string
  allowUnsafeEndpointURLs: boolean
  /**
   * The error pflag stops the controller with while parsing its args (a flag that needs a value at the
   * end, a bad boolean other than --enable-carm); absent when the args parse.
   */
  argsError?: string
  /** Raw `--enable-carm` value ("true" by default). */
  enableCARM: string
  /** Raw `--watch-namespace`. */
  watchNamespace: string
  /** Raw `--feature-gates`. */
  featureGates: string
  /** ACK_SYSTEM_NAMESPACE (`''` when set but empty: ConfigMaps are then matched in any namespace). */
  ackSystemNamespace: string
  /** Where each setting came from, for --explain: setting name -> `deployment ns/name`, `flag`, `default`. */
  origin: Record<string, string>
  /**
   * Settings the Deployment sets at run time from sources not in the input (an env var from a
   * Secret, an `envFrom` ConfigMap ackctl did not read): setting name (or `args`) -> the reference
   * (`$(ENABLE_CARM)`, `env AWS_REGION`) and its source. The default is used for them (a region is
   * then unknown, not missing); `controller-settings-unknown` says so.
   */
  unknown?: Record<string, UnknownSetting>
  /**
   * Set when ACK runs as the EKS Capability (`--eks-capability-role-arn`): the managed controller's
   * default credentials are this role, and it tags every session it opens.
   */
  capability?: EksCapability
}

/** The EKS Capability for ACK, as the user declared it. */
export interface EksCapability {
  /** The capability role: the default credentials, and the caller of every selector's sts:AssumeRole. */
  roleARN: string
  /** `arn:aws:eks:<region>:<account>:capability/<cluster>/ack/<name>`, when given (the `eks:eks-capability-arn` session tag). */
  capabilityARN?: string
}

/** An ACK service controller found in the input (a Deployment running an ACK controller image). */
export interface ControllerObject {
  name: string
  namespace: string
  serviceAlias: string
  image: string
  /** Container args after Kubernetes `$(VAR)` expansion. */
  args: string[]
  env: Record<string, string>
  serviceAccountName: string
  /** `eks.amazonaws.com/role-arn` of its ServiceAccount, when known. */
  roleARN?: string
  settings: ControllerSettings
  /** The Deployment's metadata.annotations (lint suppressions live there). */
  annotations?: Labels
  /**
   * `--enable-carm` and `--feature-gates` when the container takes them from a variable of an
   * `envFrom` ConfigMap (OLM installs: `ack-<service>-user-config`): where to change them.
   */
  settingConfigMaps?: Partial<Record<'enableCARM' | 'featureGates', SettingConfigMap>>
  location?: SourceLocation
}

/** A controller setting held by a ConfigMap key, reached through an env variable. */
export interface SettingConfigMap {
  /** The container's variable (`ENABLE_CARM`). */
  variable: string
  namespace: string
  configMap: string
  /** The ConfigMap's key (the variable without the `envFrom` prefix). */
  key: string
  /** Whether the input holds the ConfigMap (when it does not, the only envFrom ConfigMap it could be). */
  inInput: boolean
}

export interface ServiceAccountObject {
  name: string
  namespace: string
  annotations: Labels
  location?: SourceLocation
}

export interface Snapshot {
  namespaces: NamespaceObject[]
  configMaps: ConfigMapObject[]
  selectors: IamRoleSelectorObject[]
  resources: AckResourceObject[]
  kinds: AckKind[]
  controllers: ControllerObject[]
  serviceAccounts: ServiceAccountObject[]
  /** Load-time findings (`input-invalid`, notes about skipped documents, unreadable collections). */
  findings: Finding[]
  /** `documents` read, of which `objects` are Kubernetes objects; `used` by role resolution, the rest `skipped`. */
  stats: {documents: number; objects: number; used: number; skipped: number}
  /** False when some collection could not be read (live input); commands then exit 3. */
  complete: boolean
  /** True when the snapshot says whether the IAMRoleSelector CRD is installed (live input). */
  selectorCrdInstalled?: boolean
  /** The kubeconfig cluster name of a live read (an EKS cluster ARN when `aws eks update-kubeconfig` wrote it). */
  clusterName?: string
  /** GitOps objects that install an ACK controller chart, which ackctl does not render (files only). */
  chartInstalls?: ChartInstall[]
}

/** A Flux HelmRelease or OCIRepository, or an Argo CD Application, naming an ACK controller chart (`<service>-chart`). */
export interface ChartInstall {
  serviceAlias: string
  chart: string
  /** `Flux HelmRelease ack-system/ack-s3`. */
  describe: string
  /** The release object (for findings about the controller it installs). */
  object: ObjectRef
  location?: SourceLocation
  /**
   * The controller's settings as the chart renders the release's values (all of them written in
   * the object: inline values, Argo CD parameters), parsed as a Deployment's are.
   */
  settings?: ControllerSettings
  /** With `settings`: values the chart takes but does not render (`watchNamespace` without `installScope: namespace`). */
  ignoredValues?: string[]
  /** With `settings`: the controller's ServiceAccount (`namespace/name`) and its `eks.amazonaws.com/role-arn`, when set. */
  serviceAccount?: string
  roleARN?: string
  /** Why there are no `settings`: `they come partly from spec.valuesFrom (a ConfigMap or Secret), which ackctl does not read`. */
  unrendered?: string
}

export type Outcome =
  | 'ASSUME_ROLE'
  | 'DEFAULT_CREDENTIALS'
  | 'REQUEUE_IAM_ROLE_UNAVAILABLE'
  | 'RECONCILE_ERROR'
  | 'DRIFT_ERROR'
  | 'STARTUP_ERROR'
  /** Outside `--watch-namespace`: the controller never reconciles the resource (no role, no error, no status). */
  | 'NOT_RECONCILED'

/** Outcomes where the controller acts on the resource and fails; NOT_RECONCILED is inert, not failing. */
export const FAILING_OUTCOMES: ReadonlySet<Outcome> = new Set<Outcome>([
  'REQUEUE_IAM_ROLE_UNAVAILABLE',
  'RECONCILE_ERROR',
  'DRIFT_ERROR',
  'STARTUP_ERROR',
])

export type RoleSource =
  | 'none'
  | 'carm-account'
  | 'carm-account-service'
  | 'carm-team'
  | 'carm-team-service'
  | 'iamroleselector'

/** One step of the decision, in the controller's order; `--explain` prints these. */
export interface TraceStep {
  step: string
  detail: string
}

export interface AssumeRoleCall {
  roleArn: string
  roleSessionNamePattern: string
  durationSeconds: number
  externalId: null
  stsRegion: string
  stsEndpoint: string | null
  /**
   * EKS Capability only: the session tags of the call (`eks:kubernetes-namespace`, `eks:kubernetes-api-group`,
   * and `eks:eks-capability-arn` when the capability ARN is known). The open-source controller sends none.
   */
  sessionTags?: Record<string, string>
}

/**
 * The kind of a failing outcome, decided where the error is produced, so that rules and the migration
 * proof never match the controller's error text.
 */
export type ErrorCode =
  | 'startup-error'
  | 'role-unavailable'
  | 'invalid-role-arn'
  | 'selector-conflict'
  | 'region-drift'
  | 'account-drift'
  | 'not-watched'

/** What the controller will do for one resource. */
export interface Resolution {
  outcome: Outcome
  /** `''` = the controller's own (default) credentials. */
  roleARN: string
  /** The role behind the default credentials, when ackctl knows it: the EKS capability role. */
  defaultRoleARN?: string
  accountID: string
  source: RoleSource
  selector?: string
  region: string
  endpoint: string
  /** The controller's exact error text (trailing spaces included). */
  error?: string
  errorCode?: ErrorCode
  requeueAfterSeconds?: number
  /** Conditions the controller would write. */
  conditions?: Condition[]
  assumeRole?: AssumeRoleCall
  /** ackctl's addition: the selectors that matched when they conflict (the controller never names them). */
  conflictingSelectors?: string[]
  trace: TraceStep[]
}
