import {evaluateConditions, type Tri} from './conditions.js'
import type {RequestContext} from './context.js'
import {statementLabel, type PolicyDocument, type PolicyStatement} from './policy-document.js'
import {matchNotPrincipal, matchNotPrincipalAllow, matchPrincipal, type Caller, type GrantKind} from './principal.js'
import {substituteVariables, VARIABLES_AS_TEXT, type Substitution} from './variables.js'
import {globMatch} from './wildcard.js'

/** A policy with the name reasons use for it (`trust policy`, `inline policy "x"`, a managed policy ARN). */
export interface NamedPolicy {
  name: string
  document: PolicyDocument
}

export interface EvalRequest {
  action: string
  resource: string
  /** The caller, matched against Principal/NotPrincipal of resource policies. */
  caller: Caller
  context: RequestContext
}

export type StatementPart = 'action' | 'resource' | 'principal' | 'condition'

export interface StatementResult {
  /** `trust policy statement "AllowAck"`. */
  label: string
  effect: 'Allow' | 'Deny'
  applies: Tri
  /** How the Principal matched (resource policies only). */
  kind?: GrantKind
  /** The part that did not match (applies = false) or that is uncertain (applies = unknown). */
  part?: StatementPart
  why: string
}

/** `allow`, `explicit-deny` (a Deny applies), `implicit-deny` (nothing allows), or `unknown`. */
export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny' | 'unknown'

export interface EvalResult {
  decision: Decision
  /**
   * The statements that decide: the applying Deny statements, the applying Allow statements, the
   * uncertain ones, or (implicit deny) the Allow statements for this action that did not apply.
   */
  decisive: StatementResult[]
  statements: StatementResult[]
  /** Statements IAM would reject, skipped. */
  problems: string[]
  /** Deny statements that may apply (their conditions cannot be decided): never dropped, whatever the decision. */
  mayDeny: StatementResult[]
}

/**
 * IAM's evaluation for one request over a set of policies of one kind: an applicable Deny wins,
 * then an applicable Allow; nothing applicable is an implicit deny. A statement applies when its
 * action, resource, principal (resource policies) and conditions all match; anything that depends
 * on an unknown key makes it `unknown`, and an uncertain Deny makes an Allow uncertain too.
 * Ref: IAM User Guide, "Policy evaluation logic" and "Determining whether a request is allowed or denied".
 */
export function evaluatePolicies(policies: NamedPolicy[], request: EvalRequest, kind: 'resource' | 'identity'): EvalResult {
  const statements: StatementResult[] = []
  const problems: string[] = []
  for (const policy of policies) {
    for (const p of policy.document.problems) problems.push(`${policy.name}: ${p}`)
    for (const s of policy.document.statements) statements.push(evaluateStatement(policy.name, s, request, kind))
  }
  const pick = (effect: 'Allow' | 'Deny', applies: Tri) => statements.filter((s) => s.effect === effect && s.applies === applies)
  const maybeDenies = pick('Deny', 'unknown')
  const result = (decision: Decision, decisive: StatementResult[]): EvalResult => ({decision, decisive, statements, problems, mayDeny: maybeDenies})
  const denies = pick('Deny', 'true')
  if (denies.length > 0) return result('explicit-deny', denies)
  const allows = pick('Allow', 'true')
  if (allows.length > 0) return maybeDenies.length > 0 ? result('unknown', maybeDenies) : result('allow', allows)
  const maybeAllows = pick('Allow', 'unknown')
  if (maybeAllows.length > 0) return result('unknown', [...maybeDenies, ...maybeAllows])
  const nearMisses = statements.filter((s) => s.effect === 'Allow' && s.part !== 'action')
  return result('implicit-deny', nearMisses)
}

function evaluateStatement(policy: string, s: PolicyStatement, req: EvalRequest, kind: 'resource' | 'identity'): StatementResult {
  const base = {label: `${policy} ${statementLabel(s)}`, effect: s.effect}
  const no = (part: StatementPart, why: string): StatementResult => ({...base, applies: 'false', part, why})
  const actionHit = s.action
    ? s.action.some((a) => globMatch(a, req.action, true))
    : !(s.notAction ?? []).some((a) => globMatch(a, req.action, true))
  if (!actionHit) return no('action', `does not cover ${req.action}`)

  const resource = matchResource(s, req)
  if (resource.result === 'false') return no('resource', resource.why)

  let grant: GrantKind | undefined
  let principal: {result: Tri; why: string} = {result: 'true', why: ''}
  if (kind === 'resource') {
    const m = s.principal ? matchPrincipal(s.principal, req.caller)
      : s.notPrincipal ? (s.effect === 'Allow' ? matchNotPrincipalAllow(s.notPrincipal, req.caller) : matchNotPrincipal(s.notPrincipal, req.caller))
      : {result: 'false' as Tri, detail: 'has no Principal'}
    if (m.result === 'false') return no('principal', m.detail)
    grant = m.kind
    principal = {result: m.result, why: m.detail}
  }

  const cond = evaluateConditions(s.conditions, req.context, !s.variablesAreText)
  if (cond.result === 'false') return {...no('condition', `condition ${cond.failed?.detail ?? ''}`), kind: grant}
  const uncertain: Array<[StatementPart, string]> = []
  if (resource.result === 'unknown') uncertain.push(['resource', resource.why])
  if (principal.result === 'unknown') uncertain.push(['principal', principal.why])
  for (const u of cond.unknown) uncertain.push(['condition', `condition ${u.detail}`])
  if (uncertain.length > 0) {
    return {...base, applies: 'unknown', kind: grant, part: uncertain[0][0], why: uncertain.map(([, w]) => w).join('; ')}
  }
  const why = [principal.why, ...s.conditions.length > 0 ? ['its conditions hold'] : []].filter(Boolean).join('; ')
  return {...base, applies: 'true', kind: grant, why: why || 'its Action and Resource match'}
}

function matchResource(s: PolicyStatement, req: EvalRequest): {result: Tri; why: string} {
  const list = s.resource ?? s.notResource
  if (!list) return {result: 'true', why: ''}
  let unknown: string | undefined
  let hit = false
  for (const raw of list) {
    const sub: Substitution = s.variablesAreText ? {state: 'ok', text: raw} : substituteVariables(raw, req.context)
    if (sub.state === 'unknown') unknown ??= `Resource ${raw} depends on \${${sub.key}}`
    else if (sub.state === 'ok' && globMatch(sub.text, req.resource)) hit = true
  }
  const negated = s.notResource !== undefined
  if (hit) return negated ? {result: 'false', why: `NotResource excludes ${req.resource}`} : {result: 'true', why: ''}
  if (unknown) return {result: 'unknown', why: unknown}
  const asText = s.variablesAreText && list.some((r) => r.includes('${')) ? ` (${VARIABLES_AS_TEXT})` : ''
  return negated ? {result: 'true', why: ''} : {result: 'false', why: `Resource ${JSON.stringify(list)} does not cover ${req.resource}${asText}`}
}
