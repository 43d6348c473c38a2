/** Small, exact reproductions of Go standard-library behaviour the controller's texts depend on. */

const PRINTABLE_ESCAPES: Record<string, string> = {
  '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"',
}

/**
 * Go `unicode.IsPrint`: categories L, M, N, P, S and the ASCII space (U+00A0 and U+00AD are not
 * printable). Made on first use: parsing the Unicode classes costs a millisecond or two.
 */
let goPrintable: RegExp | undefined

/**
 * Go's `%q` / `strconv.Quote` for a string: printable runes as they are, `\a \b \f \n \r \t \v`,
 * other runes below U+0020 and U+007F as `\xNN`, other non-printable runes as `\uNNNN` / `\UNNNNNNNN`
 * (so a copy-pasted no-break space shows as `\u00a0`, exactly as the controller prints it).
 */
export function goQuote(value: string): string {
  let out = '"'
  for (const ch of value) {
    const esc = PRINTABLE_ESCAPES[ch]
    if (esc) {
      out += esc
      continue
    }
    const cp = ch.codePointAt(0) ?? 0
    // Printable ASCII is printable in Go; testing it first spares most runs the first use of the
    // Unicode classes, whose compilation costs milliseconds of a short run's start.
    if ((cp >= 0x20 && cp < 0x7f) || (goPrintable ??= /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u).test(ch)) out += ch
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0')
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0')
    else out += '\\U' + cp.toString(16).padStart(8, '0')
  }
  return out + '"'
}

const TRUE_VALUES = new Set(['1', 't', 'T', 'TRUE', 'true', 'True'])
const FALSE_VALUES = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False'])

/** `strconv.ParseBool`: `undefined` when the text is not one of the accepted spellings. */
export function goParseBool(value: string): boolean | undefined {
  if (TRUE_VALUES.has(value)) return true
  if (FALSE_VALUES.has(value)) return false
  return undefined
}

/**
 * `unicode.IsSpace`: `\t \n \v \f \r`, space, U+0085, U+00A0 and category Z. Unlike JavaScript's
 * `\s`, U+FEFF (byte-order mark) is not white space in Go, so it is not trimmed.
 */
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\p{Z}]'
/** Made on first use: parsing the Unicode class costs a millisecond or two. */
let goTrim: RegExp | undefined

/** Printable ASCII other than space (U+0021 to U+007E): never Go white space. */
const solid = (code: number) => code > 0x20 && code < 0x7f

/** `strings.TrimSpace` (ASCII and Unicode white space as Go defines it). */
export function goTrimSpace(value: string): string {
  if (value === '' || (solid(value.charCodeAt(0)) && solid(value.charCodeAt(value.length - 1)))) return value
  goTrim ??= new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'gu')
  return value.replace(goTrim, '')
}

/** The parts of a URL that the controller's endpoint check reads, as Go `net/url.Parse` splits them. */
export interface GoUrl {
  /** Lowercased, like Go. */
  scheme: string
  /** `host[:port]` of the authority, `''` when the URL has none (`localhost:4566` is scheme + opaque). */
  host: string
}

const isHex = (c: string) => /^[0-9a-fA-F]$/.test(c)
/** Characters Go's `shouldEscape(c, encodeHost)` allows unescaped in a host (besides letters and digits). */
const HOST_OK = new Set("!$&'()*+,;=:[]<>\"-_.~")

/** Go `unescape`: every `%` needs two hex digits; in a host only non-ASCII bytes (or `%25`) may be escaped. */
function unescapeOk(s: string, host: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (c === '%') {
      if (!isHex(s[i + 1] ?? '') || !isHex(s[i + 2] ?? '')) return false
      if (host && parseInt(s[i + 1], 16) < 8 && s.slice(i, i + 3) !== '%25') return false
      i += 2
    } else if (host && c.charCodeAt(0) < 0x80 && !/[A-Za-z0-9]/.test(c) && !HOST_OK.has(c)) return false
  }
  return true
}

const validOptionalPort = (port: string) => port === '' || /^:[0-9]*$/.test(port)

/** Go `parseHost`: brackets for IPv6, an optional all-digit port, then host unescaping. */
function hostOk(host: string): boolean {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']')
    if (i < 0 || !validOptionalPort(host.slice(i + 1))) return false
  } else {
    const i = host.lastIndexOf(':')
    if (i >= 0 && !validOptionalPort(host.slice(i))) return false
  }
  return unescapeOk(host, true)
}

/**
 * Go `net/url.Parse`, reduced to what decides success and the scheme/host split. `undefined` when
 * Go returns an error (control characters, missing scheme, bad port, bad host character, bad `%`).
 * Ref: go/src/net/url/url.go parse, getScheme, parseAuthority, parseHost, unescape.
 */
export function goParseUrl(raw: string): GoUrl | undefined {
  const hash = raw.indexOf('#')
  const [rest0, fragment] = hash < 0 ? [raw, ''] : [raw.slice(0, hash), raw.slice(hash + 1)]
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(rest0)) return undefined
  let scheme = ''
  let rest = rest0
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(rest0)
  if (rest0.startsWith(':')) return undefined
  if (m) {
    scheme = m[0].slice(0, -1).toLowerCase()
    rest = rest0.slice(m[0].length)
  }
  const q = rest.indexOf('?')
  if (q >= 0) rest = rest.slice(0, q)
  if (!rest.startsWith('/')) {
    if (scheme !== '') return unescapeOk(fragment, false) ? {scheme, host: ''} : undefined
    if (rest.split('/')[0].includes(':')) return undefined
  }
  let host = ''
  if (rest.startsWith('//') && (scheme !== '' || !rest.startsWith('///'))) {
    let authority = rest.slice(2)
    const slash = authority.indexOf('/')
    rest = slash < 0 ? '' : authority.slice(slash)
    if (slash >= 0) authority = authority.slice(0, slash)
    const at = authority.lastIndexOf('@')
    host = at < 0 ? authority : authority.slice(at + 1)
    if (!hostOk(host)) return undefined
    if (at >= 0 && (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(authority.slice(0, at)) || !unescapeOk(authority.slice(0, at), false))) return undefined
  }
  if (!unescapeOk(rest, false) || !unescapeOk(fragment, false)) return undefined
  return {scheme, host}
}
