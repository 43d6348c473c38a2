import {lookupKey, type RequestContext} from './context.js'

export type Substitution =
  | {state: 'ok'; text: string}
  /** A variable's key is not known to ackctl: the result depends on it. */
  | {state: 'unknown'; key: string}
  /** A variable's key is absent and has no default: the value matches nothing. */
  | {state: 'absent'; key: string}

/** Why a `${...}` was compared as written (reasons append it). */
export const VARIABLES_AS_TEXT = 'the policy\'s Version is not "2012-10-17", so IAM reads ${...} in it as plain text, not as a policy variable'

const VARIABLE = /\$\{([^}]*)\}/g
const SPECIAL: Record<string, string> = {'*': '*', '?': '?', $: '$'}

/**
 * Replaces IAM policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, `${*}`)
 * with request-context values. Ref: IAM User Guide, "IAM policy elements: Variables and tags".
 */
export function substituteVariables(text: string, ctx: RequestContext): Substitution {
  let failure: Substitution | undefined
  const out = text.replace(VARIABLE, (whole, inner: string) => {
    if (failure) return whole
    const special = SPECIAL[inner.trim()]
    if (special) return special
    const [keyPart, ...rest] = inner.split(',')
    const key = keyPart.trim()
    const defaultMatch = /^\s*'([^']*)'\s*$/.exec(rest.join(','))
    const value = lookupKey(ctx, key)
    if (value.state === 'present' && value.values.length === 1) return value.values[0]
    if (value.state === 'unknown' || value.state === 'pattern') failure = {state: 'unknown', key}
    else if (defaultMatch) return defaultMatch[1]
    else failure = {state: 'absent', key}
    return whole
  })
  return failure ?? {state: 'ok', text: out}
}
