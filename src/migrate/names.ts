import {parseArn} from '../ack/arn.js'
import {compareStrings} from '../core/values.js'

/** Generated names stay DNS-1123 labels of at most this length (readable, and valid label values too). */
export const MAX_NAME = 63
const HASH_LENGTH = 6

/**
 * FNV-1a (32 bit) in base 36, `length` characters: a short, stable fingerprint for disambiguating
 * names. Pure and platform-independent (no crypto module in src/model).
 */
export function shortHash(text: string, length = HASH_LENGTH): string {
  let out = ''
  for (let round = 0; out.length < length; round++) {
    let h = 0x811c9dc5 ^ round
    for (const byte of new TextEncoder().encode(text)) {
      h ^= byte
      h = Math.imul(h, 0x01000193) >>> 0
    }
    out += h.toString(36).padStart(7, '0')
  }
  return out.slice(0, length)
}

/** Lowercase DNS-1123 label text: `[a-z0-9-]`, no leading/trailing/double dashes, at most `max` characters. */
export function slugify(text: string, max = MAX_NAME): string {
  const slug = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
  return slug.slice(0, max).replace(/-+$/, '')
}

/** `role/path/ack-admin` -> `ack-admin`: the role name (last path segment of the ARN's resource). */
export function roleName(arn: string): string {
  const parsed = parseArn(arn)
  const resource = parsed.ok ? parsed.arn.resource : arn
  const segments = resource.split(/[/:]/).filter((s) => s !== '')
  return segments[segments.length - 1] ?? ''
}

/**
 * A readable stem per role ARN: the role name; the account is appended for roles whose names
 * collide across accounts. Roles that still collide are told apart later by `uniqueNames`.
 */
export function roleStems(arns: Iterable<string>): Map<string, string> {
  const sorted = [...new Set(arns)].sort(compareStrings)
  const base = new Map(sorted.map((a) => [a, slugify(roleName(a), 40) || 'role']))
  const count = (m: Map<string, string>) => {
    const c = new Map<string, number>()
    for (const v of m.values()) c.set(v, (c.get(v) ?? 0) + 1)
    return c
  }
  const counts = count(base)
  const out = new Map<string, string>()
  for (const arn of sorted) {
    const stem = base.get(arn)!
    const parsed = parseArn(arn)
    const account = parsed.ok ? slugify(parsed.arn.accountID, 20) : ''
    out.set(arn, counts.get(stem)! > 1 && account !== '' ? `${stem}-${account}` : stem)
  }
  return out
}

/** Appends `-<hash>` after cutting the stem so the whole name stays within MAX_NAME. */
function withHash(stem: string, key: string, salt: number): string {
  const hash = shortHash(salt === 0 ? key : `${key}#${salt}`)
  const cut = stem.slice(0, MAX_NAME - HASH_LENGTH - 1).replace(/-+$/, '')
  return cut === '' ? `x${hash}` : `${cut}-${hash}`
}

/**
 * Deterministic unique names. Each wanted name has a canonical `key` (what it stands for) and a
 * readable `stem`; a stem used by one key and not `taken` is kept as it is; otherwise every key
 * sharing it gets a short hash of its key appended. The result depends only on the set of inputs.
 */
export function uniqueNames(wanted: Array<{key: string; stem: string}>, taken: ReadonlySet<string>): Map<string, string> {
  const byStem = new Map<string, Set<string>>()
  for (const w of wanted) {
    const stem = slugify(w.stem) || 'x'
    byStem.set(stem, (byStem.get(stem) ?? new Set()).add(w.key))
  }
  const out = new Map<string, string>()
  const used = new Set(taken)
  const stems = [...byStem.keys()].sort(compareStrings)
  // Plain stems first, so a hashed name can never steal a readable one.
  for (const stem of stems) {
    const keys = byStem.get(stem)!
    if (keys.size === 1 && !used.has(stem)) {
      out.set([...keys][0], stem)
      used.add(stem)
    }
  }
  for (const stem of stems) {
    for (const key of [...byStem.get(stem)!].sort(compareStrings)) {
      if (out.has(key)) continue
      let salt = 0
      let name = withHash(stem, key, salt)
      while (used.has(name)) name = withHash(stem, key, ++salt)
      out.set(key, name)
      used.add(name)
    }
  }
  return out
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/

/** apimachinery `IsDNS1123Subdomain` (object names such as an IAMRoleSelector's). */
export function isDns1123Subdomain(name: string): boolean {
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name)
}

/**
 * apimachinery `IsQualifiedName` for a label key (`prefix/name` or `name`), plus ackctl's own rule:
 * keys the API server manages (`kubernetes.io/metadata.name`) cannot be used. Returns the problem, if any.
 */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/')
  const prefix = slash < 0 ? undefined : key.slice(0, slash)
  const name = slash < 0 ? key : key.slice(slash + 1)
  if (prefix !== undefined && (prefix === '' || !isDns1123Subdomain(prefix))) {
    return `the prefix ${JSON.stringify(prefix)} must be a lowercase DNS subdomain (e.g. example.com)`
  }
  if (name === '' || name.length > 63 || !LABEL_NAME.test(name)) {
    return 'the name part must be 1-63 characters of [A-Za-z0-9_.-], starting and ending with a letter or digit'
  }
  if (key === 'kubernetes.io/metadata.name') return 'the API server sets this label on every namespace; choose another key'
  return undefined
}
