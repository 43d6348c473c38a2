import {hitFromFinding} from './pass-through.js'
import type {LintRule} from '../types.js'

/**
 * Documents that do not parse, or that are not Kubernetes objects, as the loader reports them.
 * Lint reports every one as an error, whatever severity the loader gave it: input it cannot read
 * may hide exactly the object that is wrong.
 */
export const inputInvalid: LintRule = {
  id: 'input-invalid',
  severity: 'error',
  summary: 'A document that does not parse or is not a Kubernetes object.',
  description:
    'A YAML or JSON document with a syntax error, a YAML alias bomb, or a document without `apiVersion` and `kind` ' +
    'cannot be checked. The other documents of the file are still linted. Documents that are Kubernetes objects of ' +
    'kinds ackctl does not use (Services, Pods, ...) are fine and not reported.',
  remediation: 'Fix the syntax at the line given, or keep non-Kubernetes files (Helm values, kustomization files) out of the paths passed with -f.',
  check(ctx) {
    return ctx.snapshot.findings.filter((f) => f.rule === 'input-invalid').map(hitFromFinding)
  },
}
