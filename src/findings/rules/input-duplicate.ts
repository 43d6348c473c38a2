import {hitFromFinding} from './pass-through.js'
import type {LintRule} from '../types.js'

/** The same object twice in the input, as the loader reports it (the last copy is the one used). */
export const inputDuplicate: LintRule = {
  id: 'input-duplicate',
  severity: 'warning',
  summary: 'The same object (kind, namespace, name) appears twice in the input; ackctl uses the last copy.',
  description:
    'Two manifests for one object usually mean overlapping `-f` paths, a copy left behind after a rename, or a ' +
    'cluster dump linted together with the manifests that produced it. `kubectl apply` of both would leave the last ' +
    'one, so that is the copy ackctl checks; the other is not linted, and if the two differ the result depends on ' +
    'the order of the files.',
  remediation: 'Keep one manifest per object, or lint the dump and the manifests separately.',
  check(ctx) {
    return ctx.snapshot.findings.filter((f) => f.rule === 'input-duplicate').map(hitFromFinding)
  },
}
