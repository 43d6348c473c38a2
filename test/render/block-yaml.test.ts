import {strict as assert} from 'node:assert'
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'

import {Document, parse, parseAllDocuments, stringify} from 'yaml'

import {analyse} from '../../src/findings/analyse.js'
import {writerForSchema} from '../../src/render/block-yaml.js'
import {snapshotYaml, yaml11Writer} from '../../src/render/snapshot-yaml.js'
import {resolveJson} from '../../src/render/resolve.js'
import {loadSnapshot} from '../../src/sources/index.js'
import {TEST_TODAY} from '../findings/support.js'
import {random} from '../support/generate.js'
import {REPO_ROOT} from '../support/vectors.js'

const yamlOf = (v: unknown) => stringify(v, {lineWidth: 0})
/** The writer as resolve -o yaml uses it: the yaml package's default schema (YAML 1.2 core). */
const blockYaml = writerForSchema(new Document(null).schema)!

/** blockYaml gives yaml's own text, or leaves the value to yaml (undefined); returns whether it covered it. */
function agrees(value: unknown, label: string): boolean {
  const fast = blockYaml(value)
  if (fast === undefined) return false
  assert.equal(fast, yamlOf(value), label)
  return true
}

// Every character yaml's quoting and tag rules look at, and some that need none.
const ALPHABET = [...' :#-?\'",[]{}&*!|>%@`\t.~+_/=()<0123456789eEoxXnNulLTtrRuUeaAfFsSiIyY'].concat(['é', '日', '\n', '\r', '\u0007', '\u007f', '\u0085', '\u00a0', '\u2028', '\ud800', '😀'])

describe('block YAML writer: the yaml package\'s text, faster', () => {
  it('writes every scenario report (and the demo\'s) exactly as yaml does, element by element', async () => {
    const dirs = readdirSync(join(REPO_ROOT, 'fixtures', 'scenarios')).map((d) => join(REPO_ROOT, 'fixtures', 'scenarios', d, 'input'))
    let covered = 0
    let total = 0
    for (const dir of [...dirs, join(REPO_ROOT, 'fixtures', 'demo')]) {
      const snapshot = await loadSnapshot({filenames: [dir], recursive: true})
      const report = resolveJson(analyse(snapshot, {overrides: {}, today: TEST_TODAY, explain: true}).report) as unknown as Record<string, unknown>
      agrees(report, dir)
      for (const [key, member] of Object.entries(report)) {
        for (const element of Array.isArray(member) ? member : [member]) {
          total++
          if (agrees([element], `${dir} ${key}`) && agrees({[key]: [element]}, `${dir} ${key}`)) covered++
        }
      }
    }
    // The reports' text is plain data: the yaml package is left only the rare value (a multi-line message).
    assert.ok(covered > total * 0.95, `${covered} of ${total} elements written without the yaml package`)
  })

  it('quotes, or leaves plain, 20,000 generated strings as yaml does, as values and in lists', () => {
    const next = random(20261203)
    let covered = 0
    for (let i = 0; i < 20_000; i++) {
      const length = Math.floor(next() * 9)
      let s = ''
      for (let j = 0; j < length; j++) s += ALPHABET[Math.floor(next() * ALPHABET.length)]
      const value = {key: s, list: [s, {inner: s}], nested: [[s]]}
      if (agrees(value, JSON.stringify(s))) {
        covered++
        assert.deepEqual(parse(blockYaml(value)!), value, JSON.stringify(s))
      }
    }
    assert.ok(covered > 10_000, `${covered} of 20,000 written without the yaml package`)
  })

  it('writes the words and numbers YAML would read as something else as quoted strings', () => {
    for (const s of ['', 'null', 'Null', '~', 'true', 'False', 'TRUE', '123', '-7', '+1', '0o17', '0x1F', '1e3', '.5', '1.', '.inf', '-.Inf', '.NaN',
      'yes', 'no', 'on', '0b11', '1_000', '2026-01-01', 'y', 'n', '- a', '-', '?', 'a: b', 'a #b', 'a:', ' lead', 'trail ', "it's", 'say "hi"',
      `both ' and "`, '%x', '@x', '`x', '!x', '&x', '*x', '|', '>', '{', ']', ',', '#', '---', '--- x', '...', 'a\tb', 'arn:aws:iam::1:role/x']) {
      assert.ok(agrees({v: s, l: [s]}, JSON.stringify(s)) || /^(?:---|\.\.\.)/.test(s), JSON.stringify(s))
      const text = blockYaml({v: s})
      if (text !== undefined) assert.equal(parse(text).v, s)
    }
  })

  it('lays out nested and empty collections as yaml does', () => {
    const cases: unknown[] = [
      {a: [], b: {}, c: [[]], d: [{}], e: [[1, [2, {}]], {x: [{y: 'z'}]}], f: {g: {h: {i: [1, 2]}}}, n: null, t: true, z: 0},
      [], {}, [[['deep']]], [{a: 1, b: [{c: 2, d: []}]}], [null, false, -3],
      {'eks:eks-capability-arn': 'x', 'app.kubernetes.io/name': 'y', under_score: 1, 'a-b': 2},
    ]
    for (const value of cases) assert.ok(agrees(value, JSON.stringify(value)), JSON.stringify(value))
  })

  it('indents every line as yaml nests a value under a key', () => {
    for (const value of [[{a: 1, b: ['x', {c: 'say "hi"'}]}], [], {}, {k: []}, [[1]]]) {
      assert.equal(blockYaml(value, '    '), yamlOf(value).replace(/^(?=.)/gm, '    '), JSON.stringify(value))
    }
  })

  it('leaves to the yaml package what it does not cover', () => {
    const shared = {x: 1}
    for (const value of [
      {a: 'multi\nline'}, {a: 1.5}, {a: -0}, {a: 1e21}, {a: undefined}, {a: () => 1}, {a: new Date(0)}, {a: Symbol('s')},
      {a: shared, b: shared}, {'a b': 1}, {true: 1}, {123: 1}, {'': 1}, {'a:': 1}, {a: new Map()}, 'scalar', 12, null,
      {a: 'x\u0007'}, {a: '\ud800'},
    ]) assert.equal(blockYaml(value), undefined, String(JSON.stringify(value)))
  })
})

/** Every object of the repository's YAML fixtures, as a snapshot holds them (raw Kubernetes objects). */
function fixtureObjects(): unknown[] {
  const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return files(path)
    return /\.ya?ml$/.test(name) ? [path] : []
  })
  const out: unknown[] = []
  for (const file of files(join(REPO_ROOT, 'fixtures'))) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      if (doc.errors.length > 0) continue
      const object: unknown = doc.toJS()
      if (object !== null && typeof object === 'object') out.push(object)
    }
  }
  return out
}

describe('block YAML writer for ackctl snapshot (YAML 1.1)', () => {
  const yaml11 = (v: unknown) => stringify(v, {version: '1.1', lineWidth: 0})

  it('writes the snapshot file exactly as yaml writes each object, for every fixture object and the words YAML 1.1 reads as other types', () => {
    const words = ['yes', 'No', 'ON', 'off', 'y', 'N', '0777', '0b101', '1_000', '0x_1F', '1:20', '190:20:30.15', '2026-01-01', '2026-01-01T10:00:00Z',
      '<<', '.', '1.', '.5', '+12', '~', '', 'null', 'true', 'plain text', 'a: b', "it's", 'say "hi"']
    const objects = [...fixtureObjects(), {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'words', namespace: 'x'}, data: Object.fromEntries(words.map((w, i) => [`k${i}`, w]))}]
    assert.ok(objects.length > 100, `${objects.length} objects`)
    const expected = '# ackctl snapshot of context ctx: ' + objects.length + ' objects. Resolve it with: ackctl resolve -f FILE\n' + objects.map((o) => '---\n' + yaml11(o)).join('')
    assert.equal(snapshotYaml(objects, 'ctx', []), expected)
    // Most objects are written without the yaml package (the rest, e.g. multi-line strings, by it).
    const fast = yaml11Writer()
    assert.ok(fast)
    const covered = objects.filter((o) => fast(o) !== undefined).length
    assert.ok(covered > objects.length * 0.8, `${covered} of ${objects.length} objects written without the yaml package`)
    // Each word on its own, as the snapshot writes it (the yaml package's text, whichever wrote it).
    for (const w of words) assert.equal(snapshotYaml([{w}], 'ctx', []).split('---\n')[1], yaml11({w}), w)
  })
})
