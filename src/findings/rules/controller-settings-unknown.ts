import {hitFromFinding} from './pass-through.js'
import type {LintRule} from '../types.js'

/** A controller Deployment that takes settings from sources not in the input: lint assumes their defaults. */
export const controllerSettingsUnknown: LintRule = {
  id: 'controller-settings-unknown',
  severity: 'warning',
  summary: 'A controller Deployment sets role-deciding flags at run time from a ConfigMap or Secret the input does not hold: ackctl assumes their defaults.',
  description:
    'A container\'s `$(VAR)` references are expanded by Kubernetes from its environment, which `envFrom` ConfigMaps and ' +
    'Secrets, and `valueFrom` references, fill only at run time. OLM installs of ACK controllers read `AWS_REGION`, ' +
    '`ACK_WATCH_NAMESPACE` and the like from an `envFrom` ConfigMap. When that source is not in the input, the value of ' +
    'a flag such as `--enable-carm=$(ENABLE_CARM)` is unknown: ackctl neither reports a start-up failure for the ' +
    'unexpanded text nor guesses, and resolves with the flag\'s default, which may not be what the controller runs with.',
  remediation: 'Add the ConfigMap to the input (`kubectl get cm -n <ns> <name> -o yaml`), or pass the setting to ackctl (`--enable-carm`, `--feature-gates`, `--watch-namespace`, `--aws-region`, `--ack-system-namespace`).',
  check(ctx) {
    return ctx.controllerFindings.filter((f) => f.rule === 'controller-settings-unknown').map(hitFromFinding)
  },
}
