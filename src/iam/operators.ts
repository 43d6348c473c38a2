import {ipInCidr} from './ip.js'
import {globMatch} from './wildcard.js'

/**
 * IAM condition operators, split into the three parts their names are built from:
 * an optional set qualifier (`ForAnyValue:` / `ForAllValues:`), a base operator and an optional
 * `IfExists` suffix. Ref: IAM User Guide, "IAM JSON policy elements: Condition operators".
 */
export interface OperatorSpec {
  name: string
  qualifier?: 'ForAnyValue' | 'ForAllValues'
  base: string
  ifExists: boolean
  /** Negated operators (StringNotEquals, NotIpAddress, ...) are true when no policy value matches. */
  negated: boolean
  /** Policy variables (`${aws:username}`) are substituted for String* and Arn* operators only. */
  variables: boolean
  /** Positive form of the comparison: does one request value match one policy value? */
  match: (requestValue: string, policyValue: string) => boolean
}

type Matcher = (r: string, p: string) => boolean

const num = (s: string): number => (/^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(s) ? Number(s) : NaN)
const numeric = (cmp: (a: number, b: number) => boolean): Matcher => (r, p) => {
  const a = num(r)
  const b = num(p)
  return !Number.isNaN(a) && !Number.isNaN(b) && cmp(a, b)
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/

/**
 * ISO 8601 text or epoch seconds to milliseconds; NaN when it is neither. A time without a zone
 * is UTC (as IAM reads it), never the local zone of the machine running ackctl.
 */
export function parseIamDate(text: string): number {
  const s = text.trim()
  if (/^\d+$/.test(s)) return Number(s) * 1000
  const m = ISO.exec(s)
  if (!m) return NaN
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '0', zone = 'Z'] = m
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), Number(frac.padEnd(3, '0').slice(0, 3)))
  if (zone === 'Z') return ms
  const sign = zone[0] === '-' ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  return ms - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000
}

const date = (cmp: (a: number, b: number) => boolean): Matcher => (r, p) => {
  const a = parseIamDate(r)
  const b = parseIamDate(p)
  return !Number.isNaN(a) && !Number.isNaN(b) && cmp(a, b)
}

/** ArnEquals and ArnLike both compare the six colon-separated parts, each with wildcards. */
const arnLike: Matcher = (r, p) => {
  const rp = splitArn(r)
  const pp = splitArn(p)
  return rp !== undefined && pp !== undefined && pp.every((part, i) => globMatch(part, rp[i]))
}

function splitArn(s: string): string[] | undefined {
  const parts = s.split(':')
  if (parts.length < 6 || parts[0] !== 'arn') return undefined
  return [...parts.slice(0, 5), parts.slice(5).join(':')]
}

const eq: Matcher = (r, p) => r === p
const eqIgnoreCase: Matcher = (r, p) => r.toLowerCase() === p.toLowerCase()
const like: Matcher = (r, p) => globMatch(p, r)

/** Base operator -> [positive matcher, negated?, variables allowed?]. */
const BASES: Record<string, [Matcher, boolean, boolean]> = {
  StringEquals: [eq, false, true],
  StringNotEquals: [eq, true, true],
  StringEqualsIgnoreCase: [eqIgnoreCase, false, true],
  StringNotEqualsIgnoreCase: [eqIgnoreCase, true, true],
  StringLike: [like, false, true],
  StringNotLike: [like, true, true],
  NumericEquals: [numeric((a, b) => a === b), false, false],
  NumericNotEquals: [numeric((a, b) => a === b), true, false],
  NumericLessThan: [numeric((a, b) => a < b), false, false],
  NumericLessThanEquals: [numeric((a, b) => a <= b), false, false],
  NumericGreaterThan: [numeric((a, b) => a > b), false, false],
  NumericGreaterThanEquals: [numeric((a, b) => a >= b), false, false],
  DateEquals: [date((a, b) => a === b), false, false],
  DateNotEquals: [date((a, b) => a === b), true, false],
  DateLessThan: [date((a, b) => a < b), false, false],
  DateLessThanEquals: [date((a, b) => a <= b), false, false],
  DateGreaterThan: [date((a, b) => a > b), false, false],
  DateGreaterThanEquals: [date((a, b) => a >= b), false, false],
  Bool: [eqIgnoreCase, false, true],
  BinaryEquals: [eq, false, false],
  IpAddress: [(r, p) => ipInCidr(r, p), false, false],
  NotIpAddress: [(r, p) => ipInCidr(r, p), true, false],
  ArnEquals: [arnLike, false, true],
  ArnLike: [arnLike, false, true],
  ArnNotEquals: [arnLike, true, true],
  ArnNotLike: [arnLike, true, true],
}

/** Parses an operator name; `undefined` for names IAM does not define (IAM rejects such policies). */
export function parseOperator(name: string): OperatorSpec | undefined {
  let rest = name
  let qualifier: OperatorSpec['qualifier']
  for (const q of ['ForAnyValue', 'ForAllValues'] as const) {
    if (rest.toLowerCase().startsWith(`${q.toLowerCase()}:`)) {
      qualifier = q
      rest = rest.slice(q.length + 1)
    }
  }
  if (rest === 'Null') {
    return {name, qualifier, base: 'Null', ifExists: false, negated: false, variables: false, match: eqIgnoreCase}
  }
  const ifExists = rest.endsWith('IfExists')
  if (ifExists) rest = rest.slice(0, -'IfExists'.length)
  const found = BASES[rest]
  if (!found) return undefined
  const [match, negated, variables] = found
  return {name, qualifier, base: rest, ifExists, negated, variables, match}
}
