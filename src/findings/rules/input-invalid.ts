import {hitFromFinding} from './pass-through.js'
import type {LintRule} from '../types.js'

/**
 * Documents that do not parse, as the loader reports them. Every command reports them and exits 2
 * (after analysing the rest): input it cannot read may hide exactly the object that is wrong.
 * Documents that parse but are not Kubernetes objects (Helm values, workflow files) are not problems:
 * they are skipped and counted.
 */
export const inputInvalid: LintRule = {
  id: 'input-invalid',
  severity: 'error',
  summary: 'A document that does not parse (YAML or JSON syntax, an alias bomb, a non-string label or annotation value).',
  description:
    'A YAML or JSON document with a syntax error, a YAML alias bomb, a repeated key in a YAML mapping (kubectl and Helm ' +
    'refuse it; two files joined without a `---` line give one), or a label, annotation or ConfigMap value that is ' +
    'not a string (or labels, annotations or CARM ConfigMap data that are not a map at all, such as labels written as a ' +
    'list) cannot be checked as written: the API server rejects such an object. The other documents are still analysed, ' +
    'and every command exits 2. ' +
    'Documents that are not Kubernetes objects (Helm `values.yaml`, GitHub workflows, `docker-compose.yml`, ' +
    '`package.json`) and Helm chart templates (`{{ ... }}`) are skipped and counted, never reported: CI can pass a ' +
    'whole repository.',
  remediation: 'Fix the syntax at the line given (quote numeric label and annotation values), or lint the output of `helm template` rather than the chart source.',
  check(ctx) {
    return ctx.snapshot.findings.filter((f) => f.rule === 'input-invalid').map(hitFromFinding)
  },
}
