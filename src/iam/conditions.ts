import {lookupKey, noteFor, type RequestContext} from './context.js'
import {parseOperator} from './operators.js'
import type {ConditionClause} from './policy-document.js'
import {substituteVariables, VARIABLES_AS_TEXT} from './variables.js'

/** Three-valued logic: `unknown` means the answer depends on something ackctl cannot know. */
export type Tri = 'true' | 'false' | 'unknown'

export interface ClauseResult {
  clause: ConditionClause
  result: Tri
  /** Why, in words: the request value, the absent key, or the key it depends on. */
  detail: string
}

export interface ConditionsResult {
  result: Tri
  /** The first clause that is false (when `result` is false). */
  failed?: ClauseResult
  /** Clauses whose result is unknown. */
  unknown: ClauseResult[]
}

/** `StringEquals aws:PrincipalArn ["arn:..."]`, the way reasons quote a condition. */
export function describeClause(c: ConditionClause): string {
  const values = c.values.length === 1 ? JSON.stringify(c.values[0]) : JSON.stringify(c.values)
  return `${c.operator} ${c.key} ${values}`
}

/**
 * A Condition block: every operator and every key must hold (AND); the values of one key are
 * alternatives (OR; for negated operators, none may match). False beats unknown beats true.
 */
export function evaluateConditions(clauses: ConditionClause[], ctx: RequestContext, variables = true): ConditionsResult {
  const results = clauses.map((c) => evaluateClause(c, ctx, variables))
  const failed = results.find((r) => r.result === 'false')
  const unknown = results.filter((r) => r.result === 'unknown')
  return {result: failed ? 'false' : unknown.length > 0 ? 'unknown' : 'true', failed, unknown}
}

/**
 * One `operator: {key: values}` entry. A key missing from the request makes positive operators
 * false and negated ones true; `...IfExists` and `ForAllValues:` are true; `ForAnyValue:` is false.
 * `variables`: false where the document's Version makes `${...}` plain text.
 * Ref: IAM User Guide, "Condition operators" and "Set operators for multivalued context keys".
 */
export function evaluateClause(clause: ConditionClause, ctx: RequestContext, variables = true): ClauseResult {
  const text = describeClause(clause)
  const asText = !variables && clause.values.some((v) => v.includes('${')) ? `; ${VARIABLES_AS_TEXT}` : ''
  const result = (r: Tri, why: string): ClauseResult => ({clause, result: r, detail: `${text}: ${why}${asText}`})
  const op = parseOperator(clause.operator)
  if (!op) return result('unknown', `"${clause.operator}" is not an IAM condition operator`)
  const value = lookupKey(ctx, clause.key)
  const note = noteFor(ctx, clause.key)
  if (value.state === 'unknown') return result('unknown', `depends on ${clause.key}${note ? ` (${note})` : ', which ackctl cannot know'}`)
  const present = (value.state === 'present' && value.values.length > 0) || value.state === 'pattern'
  const absentWhy = `${clause.key} is not in the request${note ? ` (${note})` : ''}`

  if (op.base === 'Null') {
    const holds = clause.values.some((v) => (v.toLowerCase() === 'true' ? !present : v.toLowerCase() === 'false' ? present : false))
    return result(holds ? 'true' : 'false', present ? `${clause.key} is in the request` : absentWhy)
  }

  const policyValues: string[] = []
  for (const raw of clause.values) {
    if (!op.variables || !variables) {
      policyValues.push(raw)
      continue
    }
    const sub = substituteVariables(raw, ctx)
    if (sub.state === 'unknown') return result('unknown', `depends on policy variable \${${sub.key}}`)
    if (sub.state === 'ok') policyValues.push(sub.text)
  }

  if (!present) {
    if (op.qualifier === 'ForAllValues') return result('true', `${absentWhy}; ForAllValues of no values is true`)
    if (op.ifExists) return result('true', `${absentWhy}; IfExists then holds`)
    if (op.qualifier === 'ForAnyValue') return result('false', absentWhy)
    return result(op.negated ? 'true' : 'false', absentWhy)
  }

  const matchesAny = (r: string) => policyValues.some((p) => op.match(r, p))
  const one = (r: string) => (op.negated ? !matchesAny(r) : matchesAny(r))
  const holdsFor = (requestValues: string[]): boolean => {
    if (op.qualifier === 'ForAllValues') return requestValues.every(one)
    if (op.qualifier === 'ForAnyValue') return requestValues.some(one)
    return op.negated ? !requestValues.some(matchesAny) : requestValues.some(matchesAny)
  }
  if (value.state === 'pattern') {
    // Decided when every name of the shape gives one answer; a policy value that is itself one
    // exact name of the shape (StringEquals "aws-go-sdk-1733...") depends on the digits.
    const answers = new Set(value.samples.map((s) => holdsFor([s])))
    const exact = policyValues.some((p) => value.shape.test(p))
    if (answers.size > 1 || exact) return result('unknown', `depends on the digits of ${clause.key} (${value.description})`)
    const holds = answers.has(true)
    return result(holds ? 'true' : 'false', `${clause.key} is ${value.description}, for every such name`)
  }
  const requestValues = value.state === 'present' ? value.values : []
  const holds = holdsFor(requestValues)
  const shown = requestValues.length === 1 ? JSON.stringify(requestValues[0]) : JSON.stringify(requestValues)
  return result(holds ? 'true' : 'false', `the request has ${clause.key} = ${shown}`)
}
