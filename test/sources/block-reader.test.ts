import {strict as assert} from 'node:assert'
import {readFileSync} from 'node:fs'
import {isDeepStrictEqual} from 'node:util'

import {dump, loadAll} from 'js-yaml'
import {parseAllDocuments, stringify} from 'yaml'

import {readBlockYaml} from '../../src/sources/block-reader.js'
import {CORE_12} from '../../src/sources/fast-yaml.js'
import {random, repositoryYamlFiles} from '../support/generate.js'

/** What js-yaml makes of a text with the schema the loader uses, or its error. */
function jsYaml(text: string): unknown {
  try {
    return loadAll(text, undefined, {schema: CORE_12})
  } catch (error) {
    return `js-yaml error: ${(error as Error).message.split('\n')[0]}`
  }
}

/** What the yaml package (the loader's exact path) makes of a text, or that it finds an error. */
function yamlPackage(text: string): unknown {
  const docs = parseAllDocuments(text, {prettyErrors: false})
  const all = Array.isArray(docs) ? docs : [docs]
  return all.some((d) => d.errors.length > 0) ? 'yaml error' : all.map((d) => d.toJS())
}

/** Texts where the reader and js-yaml differ and the yaml package sides with the reader. */
let jsYamlDeparts = 0

/**
 * The reader's one promise: when it reads a text, it gives js-yaml's documents (which the fast path
 * gave before it), or, where js-yaml departs from the yaml package (it reads an empty `-` entry
 * followed by a less indented `-` as one more entry of the inner sequence), the yaml package's.
 * Returns whether it read the text.
 */
function agrees(text: string, label = JSON.stringify(text)): boolean {
  const mine = readBlockYaml(text)
  if (mine === undefined) return false
  const theirs = jsYaml(text)
  if (isDeepStrictEqual(mine, theirs)) return true
  const exact = yamlPackage(text)
  assert.ok(isDeepStrictEqual(mine, exact), `${label}\n reader: ${JSON.stringify(mine)}\njs-yaml: ${JSON.stringify(theirs)}\n   yaml: ${JSON.stringify(exact)}`)
  jsYamlDeparts++
  return true
}

describe('block YAML reader: js-yaml\'s documents, or nothing', () => {
  it('reads a dump as kubectl and the yaml package write it (2,000 resources), as js-yaml does', () => {
    const items = Array.from({length: 2000}, (_, i) => ({
      apiVersion: 's3.services.k8s.aws/v1alpha1', kind: 'Bucket',
      metadata: {
        name: `b-${i}`, namespace: `ns-${i % 37}`, labels: {tier: i % 3 === 0 ? 'gold' : 'std', 'app.kubernetes.io/name': 'x'},
        annotations: {note: `line one\nline - two ${i}\n`, 'kubectl.kubernetes.io/last-applied-configuration': `{"apiVersion":"v1","metadata":{"name":"b-${i}"}}\n`, quoted: '123', empty: ''},
        creationTimestamp: '2026-01-02T03:04:05Z', generation: i, uid: `0f${i}-aa`,
      },
      spec: {name: `b-${i}`, tagging: {tagSet: [{key: 'k', value: `${i}`}, {key: 'on', value: 'yes: no # not a comment'}]}, versioning: null, flags: [], extra: {}},
      status: {ackResourceMetadata: {ownerAccountID: '111111111111', region: 'us-east-1'}, conditions: [{type: 'ACK.ResourceSynced', status: 'True', message: "it's \"done\"\ttoday"}]},
    }))
    const list = {apiVersion: 'v1', kind: 'List', items, metadata: {resourceVersion: ''}}
    for (const [label, text] of [['yaml', stringify(list)], ['yaml, indented sequences off', stringify(list, {indentSeq: false})], ['js-yaml', dump(list)]] as const) {
      assert.ok(agrees(text, label), `the reader gave up on the ${label} dump`)
    }
  })

  // Each case: the reader reads it (true) or leaves it to js-yaml (false). Read cases must agree.
  const cases: [string, boolean][] = [
    ['a: 1\n---\nb: 2\n', true],
    ['# c\n---\na: 1\n--- # c\nb: 2\n...\n', true],
    ['  a: 1\n  b:\n    - x\n', true],
    ['a:\n- 1\n- 2\nb:\n  - 3\n', true],
    ['-   a: 1\n    b: 2\n- c\n', true],
    ['-\n  a: 1\n-\n-\n', true],
    ['a:   # c\n  b: 1\n', true],
    ['a  : 1\nb:    \n', true],
    ['a: "x\\"y\\\\z\\n\\t\\x41\\u00e9\\U0001F600\\/\\ \\_\\N\\L\\P\\e\\0" # c\n', true],
    ["a: 'it''s' # c\n'b': 'x'\n\"c\": \"\"\n", true],
    ['a: x #y\nb: x#y\nc: http://h:80/p\nd: -x\ne: ?x\nf: --flag=1\ng: é\u00a0\n', true],
    ['a: []\nb: {}\nc: [] # c\n', true],
    ['a: 0x1F\nb: 0o17\nc: 1e3\nd: .5\ne: 1_000\nf: -.inf\ng: 012\nh: .NaN\ni: ~\nj: Null\nk: TRUE\nl: yes\nm: 2026-01-01\nn: +12\no: 0o8\n', true],
    ['a: |\n  x\n   y\n\n  z\n# c\nb: 1\n', true],
    ['a: |-\n  x\n\n\nb: |\n  y\n\n\nc: |\n  z', true],
    ['a: |\n\n  x\n    \n  y  \n', true],
    ['- |\n  x\n- a: |\n    y\n  b: 1\n', true],
    ['a: |\n  # not a comment\n  - not an entry\n  ---\nb: 1\n', true],
    // Long strings as kubectl folds them at 80 columns (go-yaml): each line break is a space.
    ["k: 'Resource already exists in account 111111111111, but the role used for reconciliation\n    is in account 222222222222. it''s a \"quoted\" message with: colons # and hashes'\n", true],
    ['l: a very long message without any quotes that goes on and on and on past the eighty\n    column limit for sure\nm: next\n', true],
    ['- p: one two\n    three four\n    five six\n    seven\n    eight\n  q: r\n', true],
    ['- a b\n  - c\n  "d" [e] {f} &g\n- x\n', true],
    ['a: b\n  # a comment ends it\nc: d\n', true],
    ['a: b\n  continued\n', true],
    ['a: "two\n  lines"\n', true],
    ['n: "aaaa\\t\n    bbbb\n    \\ ccc"\n', true],
    ['n: "x\\\n    y\\\\\n    z  \n    "\n', true],
    ["- 'x\n  y'\n- a: 'it''s\n    it''s'\n", true],
    ['a: b # comment\n  c\n', false],
    ['a: b\n  c: d\n', false],
    ['a: b\n\n  c\n', false],
    ["a: 'x\n\n  y'\n", false],
    ["a: 'x\ny'\n", false],
    ['- a: b\n  c\n', false],
    // Windows line ends.
    ['# c\r\n---\r\na: 1\r\nb:\r\n- x # c\r\n- {y: z}\r\nc: |\r\n  l1\r\n\r\n  l2\r\nd: \'folded\r\n  text\'\r\ne: "x\\\r\n  y"\r\nf: plain\r\n  too\r\n', true],
    // Flow collections on one line, as people write manifests by hand.
    ['a: [1, 2]\nb: {c: d}\n', true],
    ["metadata: {name: a, labels: {team: x, 'q': \"y\"}}  # c\nspec: {names: [a, 'b', \"c\", -1, http://h:80/p, a b]}\n", true],
    ['- {a: 1}\n- [x, [y, {}], []]\n- {a: [], b: {}}\n', true],
    ['a: {b}\n', false],
    ['a: [b,]\n', false],
    ['a: [b, , c]\n', false],
    ['a: [a: b]\n', false],
    ['a: {b: c: d}\n', false],
    ['a: {"b":1}\n', false],
    ['a: [b\n  , c]\n', false],
    ['a: [b] c\n', false],
    ['a: [b #c]\n', false],
    ['- {a: 1}: b\n', false],
    // Nesting deeper than a Kubernetes object goes (a block mapping 300 levels deep; brackets 300 deep).
    [Array.from({length: 300}, (_, i) => `${' '.repeat(i)}k:\n`).join('') + `${' '.repeat(300)}v: 1\n`, false],
    [`a: ${'['.repeat(300)}${']'.repeat(300)}\n`, false],
    [Array.from({length: 200}, (_, i) => `${' '.repeat(i)}k:\n`).join('') + `${' '.repeat(200)}v: ${'['.repeat(50)}${']'.repeat(50)}\n`, true],
    // js-yaml reads [[null, "a"]]; the yaml package (and YAML) [[null], "a"].
    ['-\n  -\n- a\n', true],
    // js-yaml's errors: never read.
    ['a: 1\na: 2\n', false],
    ['a: 1\n"a": 2\n', false],
    ['a: 1\n b: 2\n', false],
    ['a: x: y\n', false],
    ['a: - b\n', false],
    ['  a: 1\nb: 2\n', false],
    ['- 1\na: 2\n', false],
    ['a: \u0007\n', false],
    ['a: "\u0001"\n', false],
    ['# \ud800\na: 1\n', false],
    ['a: "\\z"\n', false],
    ['a: |\n   \n  x\n', false],
    ['a: |\n\tx\n', false],
    // Valid YAML, left to js-yaml.
    ['a: >\n  folded\n', false],
    ['a: |+\n  kept\n\n', false],
    ['a: |2\n   x\n', false],
    ['- - nested\n', false],
    ['true: 1\n', false],
    ['1: a\n', false],
    ['a:\tx\n', false],
    ['a: 1\rb: 2\n', false],
    ['\ufeffa: 1\n', false],
    ['# only a comment\n', false],
    ['a: 1\n---\n', false],
    ['__proto__: {}\n', false],
    ['"__proto__": 1\n', false],
  ]
  for (const [text, read] of cases) {
    const shown = JSON.stringify(text)
    it(`${read ? 'reads' : 'leaves'} ${shown.length > 100 ? `${shown.slice(0, 100)}… (${text.length} characters)` : shown}`, () => {
      assert.equal(agrees(text), read)
    })
  }

  it('never throws, however deep the nesting (it gives up and the other parsers report it)', () => {
    // 8,000 levels of block mappings: once a stack overflow in the reader, a crash of lint.
    const deep = Array.from({length: 8000}, (_, i) => `${' '.repeat(i)}k:\n`).join('') + `${' '.repeat(8000)}v: 1\n`
    assert.equal(readBlockYaml(deep), undefined)
    assert.equal(readBlockYaml(`a: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`), undefined)
  })

  it('every YAML file of the repository: what the reader reads, js-yaml reads alike', () => {
    const files = repositoryYamlFiles()
    let read = 0
    for (const file of files) if (agrees(readFileSync(file, 'utf8'), file)) read++
    // Most fixtures are written by hand with flow mappings ({name: a}), which the reader leaves.
    assert.ok(read > 20, `the reader read only ${read} of ${files.length} files`)
  })

  it('generated texts and their mutations: whatever the reader reads, js-yaml reads alike', () => {
    const rnd = random(20261204)
    const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]
    const ALPHABET = [...' :#-?\'",[]{}&*!|>%@`\t.~+_/=()<0123456789eExXnNulLTtrRaAfFsSyY\\', 'é', '日', '\n', '\n', '\r', '\u0007', '\u0085', '\u00a0', '\u2028', '\ud800', '😀']
    const KEYS = ['a', 'name', 'b c', 'x:y', 'k#', 'k #x', '-k', '"q"', "it's", 'true', '1', 'null', '', ' lead', 'trail ', 'a\tb', 'constructor', 'é', 'a: b', '? x', '- y', '0x10', '[a]']
    const TOKENS = ['word', 'long', 'message', "it's", '"q"', 'x:y', 'x:', ':', 'ok.', '--flag', '\\', 'é', '#', 'a#b', '- b', '1', 'true', '{', '[x]', '&a', '|', '?']
    const WORDS = ['v1', 'true', 'False', 'null', '~', '1', '-1', '0o17', '0x1F', '1e3', '.5', '1_000', '.inf', '.nan', 'yes', '- a', 'a: b', 'a #b', 'a#b', '#c', '|', '>', '', ' ', 'a ', ' a', "it's", 'say "hi"', 'back\\slash', 'http://x:80/y', '{}', '[]', '&a', '*a', '!t', '%', '@', 'a\nb', 'a\n', 'a\n\n', '\na', '  indented\nmore', 'tab\there', '---', '...']
    const str = (): string => {
      // Sentences, which writers fold over several lines.
      if (rnd() < 0.15) return Array.from({length: 3 + Math.floor(rnd() * 30)}, () => (rnd() < 0.8 ? pick(TOKENS.slice(0, 4)) : pick(TOKENS))).join(pick([' ', ' ', '  ']))
      if (rnd() < 0.6) return pick(WORDS)
      let s = ''
      for (let n = Math.floor(rnd() * 12); n > 0; n--) s += pick(ALPHABET)
      return s
    }
    const scalar = (): unknown => {
      const r = rnd()
      return r < 0.6 ? str() : r < 0.75 ? Math.floor(rnd() * 2000) - 1000 : r < 0.82 ? rnd() * 100 : r < 0.9 ? rnd() < 0.5 : null
    }
    const value = (depth: number): unknown => {
      const r = rnd()
      if (depth > 3 || r < 0.45) return scalar()
      if (r < 0.7) return Array.from({length: Math.floor(rnd() * 4)}, () => value(depth + 1))
      const o: Record<string, unknown> = {}
      for (let n = Math.floor(rnd() * 5); n > 0; n--) o[rnd() < 0.7 ? pick(KEYS) : str()] = value(depth + 1)
      return o
    }
    const write = (v: unknown): string => {
      if (rnd() < 0.5) {
        // Some options refuse some values (a block literal as a key): then js-yaml's dump.
        try {
          return stringify(v, {indentSeq: rnd() < 0.5, lineWidth: pick([0, 20, 40, 80]), minContentWidth: pick([0, 20]), collectionStyle: pick(['any', 'any', 'any', 'any', 'flow'] as const), blockQuote: pick(['literal', 'folded', true, false] as const),
          defaultStringType: pick(['PLAIN', 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL'] as const), indent: pick([1, 2, 2, 4])})
        } catch {
          return dump(v)
        }
      }
      return dump(v, {flowLevel: pick([-1, -1, 2, 3]), noCompatMode: rnd() < 0.5, lineWidth: pick([-1, 20, 80]), quotingType: pick(['"', "'"] as const), forceQuotes: rnd() < 0.2, indent: pick([1, 2, 4])})
    }
    const mutate = (text: string): string => {
      let t = text
      for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) {
        const i = Math.floor(rnd() * (t.length + 1))
        const r = rnd()
        if (r < 0.4) {
          t = t.slice(0, i) + pick([' ', '  ', ':', ': ', '-', '- ', '#', ' #', "'", '"', '|', '|-', '|+', '>', '\t', '\t#', '{', '[', '&', '\n', '\\', '---\n', '...\n', '\ufeff', pick(ALPHABET)]) + t.slice(i)
        } else if (r < 0.7) {
          t = t.slice(0, i) + t.slice(i + 1 + Math.floor(rnd() * 3))
        } else {
          const lines = t.split('\n')
          const j = Math.floor(rnd() * lines.length)
          if (rnd() < 0.5) lines.splice(j, 0, lines[Math.floor(rnd() * lines.length)])
          else lines[j] = (rnd() < 0.5 ? ' ' : '') + lines[j].replace(/^ /, rnd() < 0.5 ? '' : ' ')
          t = lines.join('\n')
        }
      }
      return t
    }
    jsYamlDeparts = 0 // counted for this test's texts alone
    let texts = 0
    let read = 0
    let mutantsRead = 0
    for (let k = 0; k < 4000; k++) {
      const docs = Array.from({length: 1 + Math.floor(rnd() * 3)}, () => {
        const v = value(0)
        return v !== null && typeof v === 'object' ? v : {k: v}
      })
      let text = pick(['', '', '---\n', '# c\n']) + docs.map(write).join(pick(['---\n', '\n---\n', '--- # c\n', '...\n---\n']))
      if (rnd() < 0.2) text = text.replaceAll('\n', '\r\n')
      texts++
      if (agrees(text)) read++
      for (let m = 0; m < 2; m++) if (agrees(mutate(text))) mutantsRead++
    }
    // js-yaml's departures are rare: the reader is held to js-yaml nearly everywhere.
    assert.ok(jsYamlDeparts < texts / 100, `${jsYamlDeparts} texts read as the yaml package reads them, not js-yaml`)
    // The property holds only if the reader reads a good share of what it is given.
    assert.ok(read > texts / 3, `read ${read} of ${texts} generated texts`)
    assert.ok(mutantsRead > texts / 4, `read ${mutantsRead} of ${2 * texts} mutated texts`)
  })

  it('flow collections on one line and their mutations: whatever the reader reads, js-yaml reads alike', () => {
    const rnd = random(4122026)
    const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]
    // Scalars that sit at the edges of the flow rules: colons, commas, brackets, comments, quotes.
    const TOKENS = ['a', 'b c', 'x:y', 'x:', ':x', '-1', '-x', '?x', 'http://h:1/p', "it's", '"q"', 'true', 'null', '~', '1e3', '', ' ', 'a#b', 'a #b', ',', '[', ']', '{', '}', 'é', '\\', 'tab\t']
    const value = (depth: number): unknown => {
      if (depth > 2 || rnd() < 0.4) return pick(TOKENS)
      if (rnd() < 0.5) return Array.from({length: Math.floor(rnd() * 4)}, () => value(depth + 1))
      return Object.fromEntries(Array.from({length: Math.floor(rnd() * 4)}, () => [pick(TOKENS), value(depth + 1)]))
    }
    const mutate = (t: string): string => {
      const i = Math.floor(rnd() * (t.length + 1))
      if (rnd() < 0.5) return t.slice(0, i) + pick([' ', ',', ', ', ':', ': ', '[', ']', '{', '}', '#', ' #', "'", '"', '-', '?', '\n', '\t', 'a']) + t.slice(i)
      return t.slice(0, i) + t.slice(i + 1)
    }
    let read = 0
    for (let k = 0; k < 2000; k++) {
      const text = dump({k: value(0), l: [value(1), value(1)]}, {flowLevel: pick([0, 1, 2]), quotingType: pick(['"', "'"] as const), lineWidth: -1})
      if (agrees(text)) read++
      agrees(mutate(text))
      agrees(mutate(mutate(text)))
    }
    assert.ok(read > 1000, `read ${read} of 2,000 flow texts`)
  })
})
