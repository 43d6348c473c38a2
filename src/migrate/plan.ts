import {ACCOUNT_MAP, ANNOTATION_OWNER_ACCOUNT_ID, ANNOTATION_TEAM_ID, TEAM_MAP} from '../ack/carm.js'
import {compareStrings} from '../core/values.js'
import type {ControllerSettings, Snapshot} from '../core/types.js'
import type {Analysis} from './analyse.js'
import {mergeGates} from './target.js'
import {MANAGED_BY_LABEL, type LabelChange, type MigrationOptions, type PlanStep, type SelectorManifest} from './types.js'

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
    steps.push({
      id: 'switch-controller',
      title: `Switch the ${s.serviceAlias} controller${d ? ` (Deployment ${d.namespace}/${d.name})` : ' (no Deployment in the input)'} to IAMRoleSelector`,
      commands: [`helm upgrade <release> oci://public.ecr.aws/aws-controllers-k8s/${shellQuote(s.serviceAlias)}-chart --namespace ${shellQuote(ns)} --version <installed chart version> --reuse-values --set enableCARM=false --set featureGates.IAMRoleSelector=true`],
      details: [
        'Helm values: enableCARM: false and featureGates.IAMRoleSelector: true (the controller refuses to start with the gate on while --enable-carm is true).',
        `Without Helm, the equivalent container args: ${args.join(' ')}${s.featureGates.trim() === '' ? '' : ' (the other gates are kept; TeamLevelCARM and ServiceLevelCARM become inert)'}.`,
        ...(config.startupError ? [`This controller does not start today: ${config.startupError}`] : []),
        ...(steps.length > 0 ? [] : [
          'Each controller\'s choice depends only on its own settings, the labels and the selectors, so the controllers can be switched one at a time, in any order: every intermediate state keeps the roles as the final one does.',
          'After the restart a controller does not wait for its IAMRoleSelector cache before the first reconciles (the runtime never awaits Cache.HasSynced): switch in a quiet period, one controller at a time, and confirm before the next.',
          'With the namespaced install scope a controller cannot list the cluster-scoped IAMRoleSelectors (aws-controllers-k8s/community#2755): check its RBAC first.',
        ]),
      ],
      controller: {serviceAlias: s.serviceAlias, ...(d ? {deployment: `${d.namespace}/${d.name}`} : {}), helmValues: {enableCARM: false, featureGates: {IAMRoleSelector: true}}, args},
    })
  }
  return steps
}

function cleanUp(snapshot: Snapshot): PlanStep {
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
      `Once every controller runs with --enable-carm=false, the ${ANNOTATION_OWNER_ACCOUNT_ID} and ${ANNOTATION_TEAM_ID} annotations and the ${ACCOUNT_MAP} and ${TEAM_MAP} ConfigMaps are ignored: removing them changes nothing, so keep them until you no longer need to roll back.`,
      'To roll back a controller: enableCARM: true and featureGates.IAMRoleSelector: false; the selectors are inert again.',
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
export function buildPlan(snapshot: Snapshot, analysis: Analysis, current: ControllerSettings[], selectors: SelectorManifest[], labelChanges: LabelChange[], options: MigrationOptions): PlanStep[] {
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
  const lintInput = invocation.live ? sourceArgs : [...sourceArgs, '-f', shellQuote(dir ?? 'selectors.yaml')]
  steps.push({
    id: 'lint', title: 'Check the selectors with ackctl lint, as the controllers will run',
    commands: [['ackctl', 'lint', ...lintInput, ...TARGET_FLAGS].join(' '), ...(invocation.live ? [['ackctl', 'migrate-carm', ...sourceArgs].join(' ')] : [])],
    details: ['No conflicting, ignored or unmatched selectors may be reported.', ...(invocation.live ? ['Run again, migrate-carm generates nothing and reports the configuration equivalent.'] : [])],
  })
  steps.push(...switchSteps(snapshot, analysis, current))
  steps.push({
    id: 'confirm', title: 'Confirm against the live cluster',
    commands: [['ackctl', 'resolve', ...(invocation.live ? sourceArgs : ['--context', '<context>'])].join(' ')],
    details: [
      'Its predicted-versus-observed check compares each prediction with the ACK.IAMRoleSelected condition the controller wrote (reason "roleARN: ..., selectorName: ...").',
      'A resource picks up a selector only when it reconciles (spec change, requeue, restart, 10 h resync); the restart at the switch reconciles every resource.',
    ],
  })
  steps.push(cleanUp(snapshot))
  return steps
}
