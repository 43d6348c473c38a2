import {ACCOUNT_MAP, ANNOTATION_OWNER_ACCOUNT_ID, ANNOTATION_TEAM_ID, TEAM_MAP} from '../ack/carm.js'
import {compareStrings} from '../core/values.js'
import {parseArn} from '../ack/arn.js'
import {renderedInstall} from '../ack/controllers.js'
import type {ChartInstall, ControllerObject, ControllerSettings, EksCapability, Snapshot} from '../core/types.js'
import type {Analysis} from './analyse.js'
import {mergeGates} from './target.js'
import {MANAGED_BY_LABEL, type LabelChange, type MigrationOptions, type MigrationResult, type PlanStep, type SelectorManifest} from './types.js'

/** POSIX shell quoting: plain words stay as they are, anything else in single quotes. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./=:@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

/** A command line with every argument quoted; `--` before positional arguments that start with a dash. */
export function commandLine(program: string[], flags: string[], positional: string[]): string {
  const dash = positional.some((p) => p.startsWith('-')) ? ['--'] : []
  return [...program, ...flags, ...dash, ...positional.map(shellQuote)].join(' ')
}

export function labelCommand(c: LabelChange): string {
  const assignment = c.value === null ? `${c.key}-` : `${c.key}=${c.value}`
  if (c.resource === 'namespace') return commandLine(['kubectl', 'label'], ['--overwrite'], ['namespace', c.object.name, assignment])
  return commandLine(['kubectl', 'label'], ['--overwrite', '--namespace', shellQuote(c.object.namespace ?? '')], [c.resource, c.object.name, assignment])
}

const TARGET_FLAGS = ['--enable-carm=false', '--feature-gates=IAMRoleSelector=true']

function switchSteps(snapshot: Snapshot, analysis: Analysis, current: ControllerSettings[]): PlanStep[] {
  const steps: PlanStep[] = []
  for (const s of [...current].sort((a, b) => compareStrings(a.serviceAlias, b.serviceAlias))) {
    const config = analysis.before.context(s.serviceAlias).config
    if (config.irsRunning) continue
    const d = snapshot.controllers.find((c) => c.serviceAlias === s.serviceAlias)
    const ns = d?.namespace ?? (s.ackSystemNamespace || 'ack-system')
    const gates = mergeGates(s.featureGates)
    const args = ['--enable-carm=false', `--feature-gates=${gates}`]
    const kept = s.featureGates.trim() === '' ? '' : ' (the other gates are kept; TeamLevelCARM and ServiceLevelCARM become inert)'
    const viaConfigMaps = d?.settingConfigMaps && configMapSwitch(d, d.settingConfigMaps, {enableCARM: 'false', featureGates: gates})
    // Without a Deployment, a GitOps release of the chart: its values are changed where it is written.
    const release = d ? undefined : gitOpsRelease(snapshot, s.serviceAlias)
    const viaRelease = release && releaseSwitch(release)
    steps.push({
      id: 'switch-controller',
      title: `Switch the ${s.serviceAlias} controller${d ? ` (Deployment ${d.namespace}/${d.name})` : release ? ` (${release.describe})` : ' (no Deployment in the input)'} to IAMRoleSelector`,
      commands: viaConfigMaps?.commands ?? viaRelease?.commands ?? [`helm upgrade <release> oci://public.ecr.aws/aws-controllers-k8s/${shellQuote(s.serviceAlias)}-chart --namespace ${shellQuote(ns)} --version <installed chart version> --reuse-values --set enableCARM=false --set featureGates.IAMRoleSelector=true`],
      details: [
        ...(viaConfigMaps ? [...viaConfigMaps.details, `The settings it must run with: ${args.join(' ')}${kept}.`] : viaRelease ? [
          ...viaRelease.details,
          `The settings the controller then runs with: ${args.join(' ')}${kept}.`,
        ] : [
          'Helm values: enableCARM: false and featureGates.IAMRoleSelector: true (the controller refuses to start with the gate on while --enable-carm is true).',
          `Without Helm, the equivalent container args: ${args.join(' ')}${kept}.`,
        ]),
        ...(config.startupError ? [`This controller does not start today: ${config.startupError}`] : []),
        ...(steps.length > 0 ? [] : [
          'Each controller\'s choice depends only on its own settings, the labels and the selectors, so the controllers can be switched one at a time, in any order: every intermediate state keeps the roles as the final one does.',
          'After the restart a controller does not wait for its IAMRoleSelector cache before the first reconciles (the runtime never awaits Cache.HasSynced): switch in a quiet period, one controller at a time, and confirm before the next.',
          'With the namespaced install scope a controller cannot list the cluster-scoped IAMRoleSelectors (aws-controllers-k8s/community#2755): check its RBAC first.',
        ]),
      ],
      controller: {
        serviceAlias: s.serviceAlias, ...(d ? {deployment: `${d.namespace}/${d.name}`} : {}), ...(release ? {release: release.object} : {}),
        helmValues: {enableCARM: false, featureGates: {IAMRoleSelector: true}}, args,
        ...(viaConfigMaps ? {configMaps: viaConfigMaps.data} : {}),
      },
    })
  }
  return steps
}

/**
 * How each kind of GitOps release is changed where it is written (a `helm upgrade` by hand is undone
 * at the next reconcile): the switch to IAMRoleSelector (the values to set, and the command that
 * applies the merged change, if any), and its removal for the EKS Capability.
 */
const GITOPS: Record<string, {switch: (release: ChartInstall) => {commands: string[]; detail: string}; remove: (release: ChartInstall, alias: string) => string}> = {
  HelmRelease: {
    switch: (r) => ({
      commands: [commandLine(['flux', 'reconcile', 'helmrelease'], ['--namespace', shellQuote(r.object.namespace ?? ''), '--with-source'], [r.object.name])],
      detail: `In the repository that holds ${r.describe}, set in its spec.values: enableCARM: false and featureGates: {IAMRoleSelector: true} (spec.values wins over spec.valuesFrom); merge, then let Flux upgrade the release (the command does it now). A helm upgrade by hand would be undone at Flux's next reconcile.`,
    }),
    remove: (r) => `Remove ${r.describe} from its repository (Flux deletes it if its Kustomization prunes; else kubectl delete it): Flux uninstalls the release when the HelmRelease is deleted, as helm uninstall does, keeping the chart's CRDs.`,
  },
  Application: {
    switch: (r) => {
      const {namespace = '', name} = r.object
      return {
        // An Application outside Argo CD's own namespace is named `namespace/name`.
        commands: [commandLine(['argocd', 'app', 'sync'], [], [namespace && namespace !== 'argocd' ? `${namespace}/${name}` : name])],
        detail: `In the repository that holds ${r.describe}, set in the chart source's helm values (helm.valuesObject, helm.values or helm.parameters): enableCARM: false and featureGates.IAMRoleSelector: true; merge, then sync the application (the command does it now, or automated sync will). A helm upgrade by hand would be undone at Argo CD's next sync.`,
      }
    },
    remove: (r, alias) => `Remove ${r.describe} without cascading (argocd app delete --cascade=false, then from its repository) and delete the controller's Deployment: a cascading delete also deletes what Argo CD applied from the chart, its CRDs included, and with them every ${alias}.services.k8s.aws resource.`,
  },
  Kustomization: {
    switch: (r) => ({
      commands: [],
      detail: `In ${r.describe}, set in that entry's valuesInline: enableCARM: false and featureGates: {IAMRoleSelector: true}; merge, then apply it as you do (kustomize build --enable-helm, or Argo CD's sync of the kustomization).`,
    }),
    remove: (r) => `Remove that entry from ${r.describe}, and delete the controller's Deployment (applying the kustomization without it does not delete what it applied before).`,
  },
}

/**
 * The GitOps release (a Flux HelmRelease, an Argo CD Application, a kustomization's helmCharts entry)
 * that installs a service's chart, when the input has no Deployment for it: the one whose values gave
 * its settings, else the first that installs it.
 */
function gitOpsRelease(snapshot: Snapshot, alias: string): ChartInstall | undefined {
  const installs = (snapshot.chartInstalls ?? []).filter((i) => i.serviceAlias === alias && Object.hasOwn(GITOPS, i.object.kind))
  return renderedInstall(installs, alias) ?? installs.sort((a, b) => compareStrings(a.describe, b.describe))[0]
}

/** The switch of a controller installed by a GitOps release; the GitOps tool's upgrade restarts the controller. */
function releaseSwitch(release: ChartInstall): {commands: string[]; details: string[]} {
  const {commands, detail} = GITOPS[release.object.kind].switch(release)
  return {commands, details: [detail, 'The controller refuses to start with the gate on while --enable-carm is true: change both values in the same commit.']}
}

/**
 * The switch of a controller that reads `--enable-carm` and `--feature-gates` from variables of an
 * `envFrom` ConfigMap (OLM installs): patch the ConfigMap and restart, since a container reads its
 * environment only when it starts, and OLM puts back any edit of the Deployment it owns. A setting
 * that is not in a ConfigMap is left to the Deployment's args.
 */
function configMapSwitch(d: ControllerObject, held: NonNullable<ControllerObject['settingConfigMaps']>, values: {enableCARM: string; featureGates: string}) {
  const data: Record<string, Record<string, string>> = {}
  const details: string[] = []
  const flags = {enableCARM: '--enable-carm', featureGates: '--feature-gates'} as const
  for (const field of ['enableCARM', 'featureGates'] as const) {
    const at = held[field]
    if (at === undefined) {
      details.push(`Its ${flags[field]} is not set from a ConfigMap: change it in the Deployment's args to ${flags[field]}=${values[field]}.`)
      continue
    }
    ;(data[`${at.namespace}/${at.configMap}`] ??= {})[at.key] = values[field]
    details.push(`Its ${flags[field]} is $(${at.variable}), from ConfigMap ${at.namespace}/${at.configMap}${at.inInput ? '' : ' (not in the input: the only envFrom ConfigMap it can come from)'}.`)
  }
  const commands = Object.entries(data).sort(([a], [b]) => compareStrings(a, b)).map(([ref, keys]) => {
    const [namespace, name] = [ref.slice(0, ref.indexOf('/')), ref.slice(ref.indexOf('/') + 1)]
    return commandLine(['kubectl', 'patch', 'configmap'], ['--namespace', shellQuote(namespace), '--type', 'merge', '-p', shellQuote(JSON.stringify({data: keys}))], [name])
  })
  commands.push(commandLine(['kubectl', 'rollout', 'restart'], ['--namespace', shellQuote(d.namespace)], [`deployment/${d.name}`]))
  details.unshift('The Deployment takes these settings from a ConfigMap (the OperatorHub layout, where OLM also puts back any edit of the Deployment): change the ConfigMap, then restart the controller, which reads its environment only when it starts.')
  return {commands, details, data}
}

/** For each controller whose settings a ConfigMap holds: the values to patch back (today's, when the input has them) to roll it back. */
function configMapRollbacks(snapshot: Snapshot): string[] {
  const out: string[] = []
  for (const d of [...snapshot.controllers].sort((a, b) => compareStrings(a.serviceAlias, b.serviceAlias))) {
    const held = d.settingConfigMaps
    if (held === undefined) continue
    const byConfigMap = new Map<string, string[]>()
    let known = true
    for (const field of ['enableCARM', 'featureGates'] as const) {
      const at = held[field]
      if (at === undefined) continue
      const ref = `ConfigMap ${at.namespace}/${at.configMap}`
      const today = at.inInput && d.settings.unknown?.[field] === undefined ? ` ${JSON.stringify(d.settings[field])}` : ''
      known &&= today !== ''
      byConfigMap.set(ref, [...byConfigMap.get(ref) ?? [], `${at.key}${today}`])
    }
    const changes = [...byConfigMap].map(([ref, keys]) => `${keys.join(' and ')} in ${ref}`).join(', and ')
    out.push(`To roll back the ${d.serviceAlias} controller (Deployment ${d.namespace}/${d.name}): set ${changes} back to ${known ? 'these values of today' : 'the values they hold today'}, and restart it.`)
  }
  return out
}

function cleanUp(snapshot: Snapshot, capability = false): PlanStep {
  const commands: string[] = []
  for (const ns of [...snapshot.namespaces].sort((a, b) => compareStrings(a.name, b.name))) {
    const keys = [ANNOTATION_OWNER_ACCOUNT_ID, ANNOTATION_TEAM_ID].filter((k) => Object.hasOwn(ns.annotations, k))
    if (keys.length > 0) commands.push(commandLine(['kubectl', 'annotate'], [], ['namespace', ns.name, ...keys.map((k) => `${k}-`)]))
  }
  for (const cm of snapshot.configMaps.filter((c) => c.name === ACCOUNT_MAP || c.name === TEAM_MAP)) {
    commands.push(commandLine(['kubectl', 'delete', 'configmap'], ['--namespace', shellQuote(cm.namespace)], [cm.name]))
  }
  return {
    id: 'clean-up', title: 'Later: remove the CARM annotations and ConfigMaps', commands,
    details: [
      capability
        ? `The EKS Capability never reads the ${ANNOTATION_OWNER_ACCOUNT_ID} and ${ANNOTATION_TEAM_ID} annotations or the ${ACCOUNT_MAP} and ${TEAM_MAP} ConfigMaps: removing them changes nothing, so keep them until you no longer need to roll back to the self-managed controllers.`
        : `Once every controller runs with --enable-carm=false, the ${ANNOTATION_OWNER_ACCOUNT_ID} and ${ANNOTATION_TEAM_ID} annotations and the ${ACCOUNT_MAP} and ${TEAM_MAP} ConfigMaps are ignored: removing them changes nothing, so keep them until you no longer need to roll back.`,
      capability
        ? 'A rollback reinstalls the self-managed charts with their previous values (CARM on): they read these again.'
        : 'To roll back a controller: enableCARM: true and featureGates.IAMRoleSelector: false; the selectors are inert again.',
      ...(capability ? [] : configMapRollbacks(snapshot)),
      'Keep the services.k8s.aws/default-region and services.k8s.aws/endpoint-url annotations: they still apply.',
      'Never delete a selector before the resources it selects: deletion uses the same role resolution, so the delete calls would go out with the controller\'s own credentials.',
    ],
  }
}

/**
 * The cut-over plan, in order: labels (inert until the gate is on), the selectors (inert while
 * CARM is on), a lint check, the switch of each controller, the confirmation against the live
 * cluster, and the later clean-up.
 */
export function buildPlan(
  snapshot: Snapshot, analysis: Analysis, current: ControllerSettings[], selectors: SelectorManifest[], labelChanges: LabelChange[], options: MigrationOptions,
  iam?: CapabilityChanges,
): PlanStep[] {
  const {invocation} = options
  const dir = invocation.outputDir
  const steps: PlanStep[] = []
  const nsChanges = labelChanges.filter((c) => c.resource === 'namespace')
  const resChanges = labelChanges.filter((c) => c.resource !== 'namespace')
  if (nsChanges.length > 0) {
    steps.push({
      id: 'label-namespaces', title: `Label ${nsChanges.length} namespace(s) with ${options.labelKey}`, commands: nsChanges.map(labelCommand),
      details: ['Namespace labels select nothing until the IAMRoleSelector gate is on.', ...(dir ? [`The same as a script: sh ${shellQuote(`${dir}/label-namespaces.sh`)}; as patches: kubectl apply --server-side --field-manager=ackctl -f ${shellQuote(`${dir}/namespace-labels.yaml`)}`] : [])],
    })
  }
  if (resChanges.length > 0) {
    steps.push({
      id: 'label-resources', title: `Label ${resChanges.length} resource(s) that keep their role through their recorded owner account`, commands: resChanges.map(labelCommand),
      details: ['Their namespace gives new resources another answer, so only a resource label can keep their role (resourceLabelSelector).', ...(dir ? [`The same as a script: sh ${shellQuote(`${dir}/label-resources.sh`)}`] : [])],
    })
  }
  steps.push({
    id: 'apply-selectors', title: `Apply the ${selectors.length} IAMRoleSelector(s)`,
    commands: selectors.length === 0 ? [] : [dir ? `kubectl apply -f ${shellQuote(dir)} -l ${MANAGED_BY_LABEL}=ackctl` : 'kubectl apply -f selectors.yaml'],
    details: [selectors.length === 0 ? 'Nothing to apply.' : 'Selectors are inert while the controllers run with --enable-carm=true (their selector cache does not run).',
      ...(dir ? [] : ['selectors.yaml: the manifests migrate-carm printed on stdout.'])],
  })
  const sourceArgs = invocation.sourceArgs.map(shellQuote)
  const capability = options.capability
  const targetFlags = capability ? capabilityFlags(capability) : TARGET_FLAGS
  const lintInput = invocation.live ? sourceArgs : [...sourceArgs, '-f', shellQuote(dir ?? 'selectors.yaml')]
  steps.push({
    id: 'lint', title: `Check the selectors with ackctl lint, as the ${capability ? 'EKS Capability' : 'controllers'} will run`,
    commands: [['ackctl', 'lint', ...lintInput, ...targetFlags].join(' '), ...(invocation.live && !capability ? [['ackctl', 'migrate-carm', ...sourceArgs].join(' ')] : [])],
    details: ['No conflicting, ignored or unmatched selectors may be reported.', ...(invocation.live ? ['Run again, migrate-carm generates nothing and reports the configuration equivalent.'] : [])],
  })
  // `iam`: planMigration's capabilityChanges for this capability (computed once, also reported in the result).
  if (capability && iam) steps.push(...capabilitySteps(snapshot, analysis, current, iam, capability, {sourceArgs, lintInput, dir}))
  else steps.push(...switchSteps(snapshot, analysis, current))
  steps.push({
    id: 'confirm', title: 'Confirm against the live cluster',
    commands: [['ackctl', 'resolve', ...(invocation.live ? sourceArgs : ['--context', '<context>']), ...(capability ? capabilityFlags(capability) : [])].join(' ')],
    details: [
      'Its predicted-versus-observed check compares each prediction with the ACK.IAMRoleSelected condition the controller wrote (reason "roleARN: ..., selectorName: ...").',
      ...(capability ? ['With the EKS Capability that condition may never be written (aws-controllers-k8s/community#2727): then confirm in AWS CloudTrail that AssumeRole calls carry the expected eks:kubernetes-namespace tags.'] : []),
      'A resource picks up a selector only when it reconciles (spec change, requeue, restart, 10 h resync); the restart at the switch reconciles every resource.',
    ],
  })
  steps.push(cleanUp(snapshot, capability !== undefined))
  return steps
}

function capabilityFlags(capability: EksCapability): string[] {
  return ['--eks-capability-role-arn', shellQuote(capability.roleARN), ...(capability.capabilityARN ? ['--eks-capability-arn', shellQuote(capability.capabilityARN)] : [])]
}

const roleName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1)

/**
 * The IAM changes a cut-over to the EKS Capability needs: every selector role (existing or
 * generated) trusts the capability role for sts:AssumeRole and sts:TagSession, and the capability
 * role may call both on those roles. Ref: EKS User Guide, ack-permissions (Steps 1-2).
 */
type CapabilityChanges = NonNullable<MigrationResult['capability']>

export function capabilityChanges(capability: EksCapability, selectorRoles: string[]): CapabilityChanges {
  const roles = [...new Set(selectorRoles.filter((a) => a !== '' && a !== capability.roleARN))].sort(compareStrings)
  return {
    roleARN: capability.roleARN,
    roles,
    trustStatement: {Sid: 'EksCapabilityForAck', Effect: 'Allow', Principal: {AWS: capability.roleARN}, Action: ['sts:AssumeRole', 'sts:TagSession']},
    // No selector role: nothing to allow (a placeholder Resource would grant every role of that name).
    capabilityRolePolicy: roles.length === 0 ? null
      : {Version: '2012-10-17', Statement: [{Sid: 'AssumeSelectorRoles', Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: roles}]},
  }
}

/** The steps of a cut-over from self-managed controllers to the EKS Capability, after the selectors are applied. */
function capabilitySteps(
  snapshot: Snapshot, analysis: Analysis, current: ControllerSettings[], changes: CapabilityChanges, capability: EksCapability,
  at: {sourceArgs: string[]; lintInput: string[]; dir?: string},
): PlanStep[] {
  const file = (name: string) => (at.dir ? `${at.dir}/${name}` : name)
  const parsed = parseArn(capability.roleARN)
  const account = parsed.ok ? parsed.arn.accountID : ''
  const steps: PlanStep[] = []
  steps.push({
    id: 'trust-selector-roles', title: `Let the capability role assume the ${changes.roles.length} selector role(s): trust with sts:TagSession`,
    commands: [],
    details: [
      `Add this statement to the trust policy of ${changes.roles.length === 0 ? 'each selector role (none yet)' : changes.roles.join(', ')} (file ${file('selector-role-trust-statement.iam')}): ${JSON.stringify(changes.trustStatement)}`,
      'The capability tags every session (eks:eks-capability-arn, eks:kubernetes-namespace, eks:kubernetes-api-group): a trust policy that allows sts:AssumeRole without sts:TagSession refuses it.',
      'Keep the self-managed controllers\' principals in the trust policies until the switch is done, so that a rollback works.',
    ],
  })
  steps.push(changes.capabilityRolePolicy
    ? {
      id: 'capability-role-policy', title: `Allow the capability role ${roleName(capability.roleARN)} to assume them`,
      commands: [`aws iam put-role-policy --role-name ${shellQuote(roleName(capability.roleARN))} --policy-name ackctl-assume-selector-roles --policy-document ${shellQuote(`file://${file('capability-role-policy.iam')}`)}`],
      details: ['sts:AssumeRole and sts:TagSession on every selector role (EKS User Guide, ack-permissions, Step 2).'],
    }
    : {
      id: 'capability-role-policy', title: `The capability role ${roleName(capability.roleARN)} needs no sts:AssumeRole permission yet`,
      commands: [],
      details: ['No selector routes a resource to a role. When one does, allow sts:AssumeRole and sts:TagSession on that role to the capability role (EKS User Guide, ack-permissions, Step 2); run ackctl migrate-carm again to get the policy.'],
    })
  steps.push({
    id: 'lint', title: 'Check both sides of every role with ackctl verify-trust, as the capability will call them',
    commands: [['ackctl', 'verify-trust', ...at.lintInput, ...capabilityFlags(capability)].join(' ')],
    details: ['Every namespace and API group that routes to a role is checked with its session tags; a trust condition on eks:kubernetes-namespace that leaves one out is a FAIL for it.'],
  })
  const defaults = analysis.resources.filter((r) => r.today.outcome === 'DEFAULT_CREDENTIALS').length
  const ownRoles = [...new Set(snapshot.controllers.flatMap((c) => (c.roleARN ? [c.roleARN] : [])))].sort(compareStrings)
  steps.push({
    id: 'default-credentials', title: `What the controllers' own credentials did, the capability role ${roleName(capability.roleARN)} does after the switch`,
    commands: [],
    details: [
      `${defaults} resource(s) use the controllers' own credentials today${ownRoles.length > 0 ? ` (${ownRoles.join(', ')})` : ''}; after the switch they use the capability role, in account ${account || 'of the cluster'}.`,
      'Give the capability role the service permissions those roles had, or cover those namespaces with a selector of their own (EKS User Guide: production clusters keep the capability role to sts:AssumeRole and sts:TagSession only).',
    ],
  })
  const releases: string[] = []
  const gitOps: string[] = []
  for (const s of [...current].sort((a, b) => compareStrings(a.serviceAlias, b.serviceAlias))) {
    const d = snapshot.controllers.find((c) => c.serviceAlias === s.serviceAlias)
    const release = d ? undefined : gitOpsRelease(snapshot, s.serviceAlias)
    if (release === undefined) releases.push(`helm uninstall <${s.serviceAlias} release> --namespace ${shellQuote(d?.namespace ?? (s.ackSystemNamespace || 'ack-system'))}`)
    else gitOps.push(GITOPS[release.object.kind].remove(release, s.serviceAlias))
  }
  steps.push({
    id: 'switch-to-capability', title: `Replace the ${current.length} self-managed controller(s) with the EKS Capability`,
    commands: [...releases, `aws eks create-capability --cluster-name <cluster> --capability-name <name> --type ACK --role-arn ${shellQuote(capability.roleARN)} --delete-propagation-policy RETAIN`],
    details: [
      ...gitOps,
      'Uninstall first, so that two controllers never reconcile one resource; helm uninstall keeps the CRDs, the resources and the AWS resources (nothing reconciles them until the capability runs).',
      'The capability reads IAMRoleSelectors from its first reconcile and never CARM: the selectors applied above take over at once.',
      'To roll back: delete the capability (RETAIN keeps the resources) and reinstall the charts with their previous values.',
    ],
  })
  return steps
}
