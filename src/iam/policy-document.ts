/**
 * IAM policy documents (identity, permission-boundary and role trust policies) in one normal form.
 * IAM's JSON allows a string or a list almost everywhere; after parsing every list is a list.
 */
import {isObject} from '../core/values.js'

/** `*` (anyone) or principal type (`AWS`, `Service`, `Federated`, `CanonicalUser`) -> values. */
export type PrincipalSpec = '*' | Record<string, string[]>

/** One `operator: {key: values}` entry of a Condition block; values are strings as IAM compares them. */
export interface ConditionClause {
  operator: string
  key: string
  values: string[]
}

export interface PolicyStatement {
  /** 1-based position in the document, for messages when there is no Sid. */
  index: number
  sid?: string
  effect: 'Allow' | 'Deny'
  principal?: PrincipalSpec
  notPrincipal?: PrincipalSpec
  action?: string[]
  notAction?: string[]
  resource?: string[]
  notResource?: string[]
  conditions: ConditionClause[]
  /**
   * The document's Version is not `2012-10-17` (absent, or `2008-10-17`): IAM reads `${...}` as
   * plain text there, not as a policy variable. Ref: IAM User Guide, "IAM JSON policy elements: Version".
   */
  variablesAreText?: true
}

export interface PolicyDocument {
  version?: string
  statements: PolicyStatement[]
  /** Statements IAM would have rejected; they are left out of evaluation. */
  problems: string[]
}

export type PolicyParse = {ok: true; document: PolicyDocument} | {ok: false; error: string}

/** The policy language version that has policy variables; in any other, `${aws:username}` is text. */
const POLICY_VARIABLES_VERSION = '2012-10-17'

/** `statement "Sid"` or `statement #2`, the way reasons name a statement. */
export function statementLabel(s: Pick<PolicyStatement, 'sid' | 'index'>): string {
  return s.sid ? `statement "${s.sid}"` : `statement #${s.index}`
}

/**
 * Parses a policy given as an object, as JSON text, or as URL-encoded JSON text (what the IAM
 * Query API, `GetRole` and raw `get-account-authorization-details` return; the AWS CLI decodes it).
 */
export function parsePolicyDocument(input: unknown): PolicyParse {
  let value = input
  if (typeof input === 'string') {
    const text = decodePolicyText(input)
    if (text === undefined) return {ok: false, error: 'the policy is neither JSON nor URL-encoded JSON'}
    value = text
  }
  if (!isObject(value)) return {ok: false, error: 'the policy is not a JSON object'}
  const raw = value.Statement
  if (raw === undefined) return {ok: false, error: 'the policy has no Statement'}
  const list = Array.isArray(raw) ? raw : [raw]
  const statements: PolicyStatement[] = []
  const problems: string[] = []
  list.forEach((item, i) => {
    const parsed = parseStatement(item, i + 1)
    if (typeof parsed === 'string') problems.push(parsed)
    else statements.push(parsed)
  })
  const version = typeof value.Version === 'string' ? value.Version : undefined
  if (version !== POLICY_VARIABLES_VERSION) for (const s of statements) s.variablesAreText = true
  return {ok: true, document: {version, statements, problems}}
}

/** JSON text, or URL-encoded JSON text, to a value; `undefined` when it is neither. */
export function decodePolicyText(text: string): unknown {
  const attempts = [text]
  try {
    attempts.push(decodeURIComponent(text))
  } catch {
    // not URL-encoded
  }
  for (const attempt of attempts) {
    try {
      return JSON.parse(attempt) as unknown
    } catch {
      // try the next form
    }
  }
  return undefined
}

function parseStatement(item: unknown, index: number): PolicyStatement | string {
  const where = `statement #${index}`
  if (!isObject(item)) return `${where} is not an object`
  const effect = item.Effect
  if (effect !== 'Allow' && effect !== 'Deny') return `${where} has Effect ${JSON.stringify(effect)} (must be "Allow" or "Deny")`
  const statement: PolicyStatement = {index, effect, conditions: []}
  if (typeof item.Sid === 'string' && item.Sid !== '') statement.sid = item.Sid
  for (const [field, key] of [['Action', 'action'], ['NotAction', 'notAction'], ['Resource', 'resource'], ['NotResource', 'notResource']] as const) {
    if (item[field] === undefined) continue
    const values = stringList(item[field])
    if (values === undefined) return `${where} has a ${field} that is not a string or a list of strings`
    statement[key] = values
  }
  if (!statement.action === !statement.notAction) return `${where} must have exactly one of Action and NotAction`
  for (const [field, key] of [['Principal', 'principal'], ['NotPrincipal', 'notPrincipal']] as const) {
    if (item[field] === undefined) continue
    const spec = parsePrincipal(item[field])
    if (spec === undefined) return `${where} has a ${field} that is not "*" or an object of principal lists`
    statement[key] = spec
  }
  if (item.Condition !== undefined) {
    if (!isObject(item.Condition)) return `${where} has a Condition that is not an object`
    for (const [operator, block] of Object.entries(item.Condition)) {
      if (!isObject(block)) return `${where} has a Condition operator ${operator} without a {key: value} object`
      for (const [key, raw] of Object.entries(block)) {
        const values = conditionValues(raw)
        if (values === undefined) return `${where} has a Condition value for ${key} that is not a string, number, boolean or list`
        statement.conditions.push({operator, key, values})
      }
    }
  }
  return statement
}

function parsePrincipal(raw: unknown): PrincipalSpec | undefined {
  if (raw === '*') return '*'
  if (!isObject(raw)) return undefined
  const spec: Record<string, string[]> = {}
  for (const [type, values] of Object.entries(raw)) {
    const list = stringList(values)
    if (list === undefined) return undefined
    spec[type] = list
  }
  return spec
}

function stringList(raw: unknown): string[] | undefined {
  if (typeof raw === 'string') return [raw]
  if (Array.isArray(raw) && raw.every((v) => typeof v === 'string')) return raw as string[]
  return undefined
}

function conditionValues(raw: unknown): string[] | undefined {
  const one = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined)
  const list = Array.isArray(raw) ? raw.map(one) : [one(raw)]
  return list.every((v): v is string => v !== undefined) ? list : undefined
}
