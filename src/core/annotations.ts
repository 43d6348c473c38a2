/** ackctl's own annotations: the one home of each. */

/**
 * On a Namespace document: a label patch (`kubectl apply --server-side`) whose labels are added to the
 * Namespace of that name rather than replacing it. migrate-carm writes its namespace labels so.
 */
export const LABEL_PATCH_ANNOTATION = 'ackctl.io/label-patch'

/** On the `kind: List` of `ackctl snapshot --json`: what could not be read (`-f` carries it over, exit 3). */
export const INCOMPLETE_ANNOTATION = 'ackctl.io/incomplete'
