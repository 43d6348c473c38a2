import {strict as assert} from 'node:assert'

import {goParseBool, goParseUrl, goQuote, goTrimSpace} from '../../src/core/go.js'
import {compareStrings} from '../../src/core/values.js'

/** Expected values are what Go 1.2x prints (strconv.Quote, strconv.ParseBool, strings.TrimSpace, net/url.Parse). */
describe('go: Go standard-library behaviour the controller texts depend on', () => {
  describe('goQuote (%q)', () => {
    const cases: Array<[name: string, input: string, want: string]> = [
      ['plain account ID', '111111111111', '"111111111111"'],
      ['empty string', '', '""'],
      ['leading space kept', ' 111111111111', '" 111111111111"'],
      ['double quote and backslash escaped', 'a"b\\c', '"a\\"b\\\\c"'],
      ['tab, newline, carriage return', 'a\tb\nc\r', '"a\\tb\\nc\\r"'],
      ['bell, backspace, form feed, vertical tab', '\x07\b\f\v', '"\\a\\b\\f\\v"'],
      ['other C0 control as \\x', '\x01\x1f', '"\\x01\\x1f"'],
      ['DEL as \\x7f', '\x7f', '"\\x7f"'],
      ['C1 control as \\u', '\u0085', '"\\u0085"'],
      ['no-break space is not printable in Go', '\u00a0111111111111', '"\\u00a0111111111111"'],
      ['soft hyphen is not printable in Go', 'team\u00ada', '"team\\u00ada"'],
      ['zero-width space is not printable', 'a\u200bb', '"a\\u200bb"'],
      ['byte-order mark is not printable', '\ufeffteam-a', '"\\ufeffteam-a"'],
      ['line separator', '\u2028', '"\\u2028"'],
      ['printable non-ASCII kept', 'équipe-ü', '"équipe-ü"'],
      ['astral printable kept', 'team-😀', '"team-😀"'],
      ['astral non-printable as \\U', '\u{E0001}', '"\\U000e0001"'],
      ['single quote not escaped', "it's", '"it\'s"'],
    ]
    for (const [name, input, want] of cases) it(name, () => assert.equal(goQuote(input), want))
    it('quotes every rune up to U+3000 as the Unicode classes alone decide (printable ASCII is tested first, without them)', () => {
      const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u
      const escapes: Record<string, string> = {'\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"'}
      for (let cp = 0; cp <= 0x3000; cp++) {
        const ch = String.fromCodePoint(cp)
        const hex = cp.toString(16)
        const want = escapes[ch] ?? (printable.test(ch) ? ch : cp < 0x20 || cp === 0x7f ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`)
        assert.equal(goQuote(`a${ch}b`), `"a${want}b"`, `U+${hex}`)
      }
    })
  })

  describe('goParseBool (strconv.ParseBool)', () => {
    const cases: Array<[string, boolean | undefined]> = [
      ['1', true], ['t', true], ['T', true], ['TRUE', true], ['true', true], ['True', true],
      ['0', false], ['f', false], ['F', false], ['FALSE', false], ['false', false], ['False', false],
      ['', undefined], ['yes', undefined], ['no', undefined], ['tRUE', undefined], [' true', undefined], ['true ', undefined],
      ['on', undefined], ['2', undefined],
    ]
    for (const [input, want] of cases) it(`${JSON.stringify(input)} -> ${want}`, () => assert.equal(goParseBool(input), want))
  })

  describe('goTrimSpace (strings.TrimSpace)', () => {
    const cases: Array<[name: string, input: string, want: string]> = [
      ['ASCII spaces and tabs', ' \t IAMRoleSelector=true \n', 'IAMRoleSelector=true'],
      ['inner spaces kept', ' a = b ', 'a = b'],
      ['vertical tab and form feed', '\v\fx\v\f', 'x'],
      ['NEL U+0085', '\u0085x\u0085', 'x'],
      ['no-break space U+00A0', '\u00a0x\u00a0', 'x'],
      ['ideographic space U+3000', '\u3000x', 'x'],
      ['byte-order mark is not space in Go', '\ufeffx', '\ufeffx'],
      ['zero-width space is not space in Go', '\u200bx', '\u200bx'],
      ['only spaces', '   ', ''],
    ]
    for (const [name, input, want] of cases) it(name, () => assert.equal(goTrimSpace(input), want))
    it('trims every rune up to U+3100 at either end as the Unicode class alone decides (text that starts and ends with printable ASCII is returned as it is)', () => {
      const space = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\p{Z}]'
      const trim = new RegExp(`^${space}+|${space}+$`, 'gu')
      for (let cp = 0; cp <= 0x3100; cp++) {
        const ch = String.fromCodePoint(cp)
        for (const text of [ch, `${ch}x`, `x${ch}`, `${ch}x${ch}`, `a${ch}b`, `${ch}${ch}`]) assert.equal(goTrimSpace(text), text.replace(trim, ''), `U+${cp.toString(16)} in ${JSON.stringify(text)}`)
      }
    })
  })

  describe('goParseUrl (net/url.Parse)', () => {
    const cases: Array<[name: string, input: string, want: {scheme: string; host: string} | undefined]> = [
      ['https with host and port', 'https://localhost.localstack.cloud:4566', {scheme: 'https', host: 'localhost.localstack.cloud:4566'}],
      ['http with host', 'http://localstack:4566', {scheme: 'http', host: 'localstack:4566'}],
      ['scheme is lowercased', 'HTTP://LocalStack:4566', {scheme: 'http', host: 'LocalStack:4566'}],
      ['no scheme: host:port is scheme + opaque', 'localhost:4566', {scheme: 'localhost', host: ''}],
      ['empty authority', 'http://', {scheme: 'http', host: ''}],
      ['path only', '/just/a/path', {scheme: '', host: ''}],
      ['userinfo is not part of the host', 'http://user:pw@minio:9000/x', {scheme: 'http', host: 'minio:9000'}],
      ['IPv6 literal with port', 'http://[::1]:4566', {scheme: 'http', host: '[::1]:4566'}],
      ['empty port is valid', 'https://host:', {scheme: 'https', host: 'host:'}],
      ['query and fragment ignored', 'https://h/p?q=1#frag', {scheme: 'https', host: 'h'}],
      ['space in a path is accepted', 'https://h/a b', {scheme: 'https', host: 'h'}],
      ['missing scheme before colon', '://localstack', undefined],
      ['control character', 'https://h/\x01', undefined],
      ['space in host', 'http://local stack:4566', undefined],
      ['non-numeric port', 'https://localstack:45a6', undefined],
      ['missing ] in IPv6 host', 'http://[::1:4566', undefined],
      ['invalid character in host', 'https://local{stack}', undefined],
      ['bad percent escape in path', 'https://h/%zz', undefined],
      ['truncated percent escape', 'https://h/%4', undefined],
      ['percent-escaped ASCII in host', 'https://h%41st', undefined],
      ['bad percent escape in fragment', 'https://h/#%zz', undefined],
      ['first path segment with a colon and no scheme', '1http://x', undefined],
    ]
    for (const [name, input, want] of cases) it(name, () => assert.deepEqual(goParseUrl(input), want))
  })

  describe('compareStrings', () => {
    it('orders by code unit, not locale', () => {
      assert.deepEqual(['b', 'B', 'a', 'A', '_', '1'].sort(compareStrings), ['1', 'A', 'B', '_', 'a', 'b'])
    })
    it('is 0 only for equal strings', () => {
      assert.equal(compareStrings('x', 'x'), 0)
      assert.equal(compareStrings('x', 'y'), -1)
      assert.equal(compareStrings('y', 'x'), 1)
    })
  })
})
