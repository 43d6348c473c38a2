import {strict as assert} from 'node:assert'
import {createHash} from 'node:crypto'
import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {Writable} from 'node:stream'

import {Document, stringify} from 'yaml'

import {writePieces} from '../../src/cli/write-text.js'
import {analyse} from '../../src/findings/analyse.js'
import {writerForSchema} from '../../src/render/block-yaml.js'
import {resolveJson, resolveJsonStream, resolveMarkdownPieces, resolveTable, resolveTablePieces} from '../../src/render/resolve.js'
import {jsonDocument, jsonPieces, yamlPieces} from '../../src/render/stream-text.js'
import {loadSnapshot} from '../../src/sources/index.js'
import type {AckResourceObject, Snapshot} from '../../src/core/types.js'
import {TEST_TODAY} from '../findings/support.js'
import {REPO_ROOT} from '../support/vectors.js'

const yamlOf = (v: unknown) => stringify(v, {lineWidth: 0})
const blockYaml = writerForSchema(new Document(null).schema)

/** Every scenario's report (and the demo's): real shapes, with explanations, conditions and empty lists. */
async function reports(): Promise<unknown[]> {
  const dirs = readdirSync(join(REPO_ROOT, 'fixtures', 'scenarios')).map((d) => join(REPO_ROOT, 'fixtures', 'scenarios', d, 'input'))
  const out: unknown[] = []
  for (const dir of [...dirs, join(REPO_ROOT, 'fixtures', 'demo')]) {
    const snapshot = await loadSnapshot({filenames: [dir], recursive: true})
    out.push(resolveJson(analyse(snapshot, {overrides: {}, today: TEST_TODAY, explain: true}).report))
  }
  return out
}

/** Every input folder of the repository with ACK resources in it: the scenarios, every rule's fixtures, the demo. */
function inputFolders(): string[] {
  const scenarios = readdirSync(join(REPO_ROOT, 'fixtures', 'scenarios')).map((d) => join(REPO_ROOT, 'fixtures', 'scenarios', d, 'input'))
  const rules = readdirSync(join(REPO_ROOT, 'fixtures', 'lint', 'rules'), {withFileTypes: true}).filter((d) => d.isDirectory())
    .map((d) => join(REPO_ROOT, 'fixtures', 'lint', 'rules', d.name))
  return [...scenarios, ...rules, join(REPO_ROOT, 'fixtures', 'demo')]
}

/**
 * Each resource with twins that sort next to it: one differing only where the controller does not
 * look (name, an unrelated label and annotation), which resolve -o json may write from the first's
 * text, and ones differing in each part the controller does read (status account and region, the
 * region annotation, references, conditions, a label a selector may test), which it may not.
 */
function withTwins(snapshot: Snapshot): Snapshot {
  const twins: AckResourceObject[] = []
  for (const r of snapshot.resources) {
    const twin = (suffix: string, change: Partial<AckResourceObject>): AckResourceObject => ({...r, name: `${r.name}-${suffix}`, ...change})
    twins.push(
      twin('alike', {labels: {...r.labels, 'twin.ackctl.test/alike': 'yes'}, annotations: {...r.annotations, 'twin.ackctl.test/note': 'x'}}),
      twin('account', {status: {...r.status, ownerAccountID: '777777777777'}}),
      twin('region', {status: {...r.status, region: 'ap-east-9'}}),
      twin('no-status', {status: null}),
      twin('annotated', {annotations: {...r.annotations, 'services.k8s.aws/region': 'sa-east-9'}}),
      twin('refs', {hasReferences: !r.hasReferences}),
      twin('conditions', {conditions: [{type: 'ACK.IAMRoleSelected', status: 'True', message: 'Selected', reason: 'roleARN: arn:aws:iam::1:role/x, selectorName: nobody'}]}),
      twin('unlabelled', {labels: {}}),
    )
  }
  return {...snapshot, resources: [...snapshot.resources, ...twins]}
}

/** A sink that keeps only a hash and a byte count, however much is written. */
class Digest extends Writable {
  readonly hash = createHash('sha256')
  bytes = 0
  writes = 0
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.hash.update(chunk)
    this.bytes += chunk.length
    this.writes++
    // Asynchronous like a pipe to a slow reader: the writer must wait for 'drain'.
    setImmediate(done)
  }
}

describe('streamed report text', function () {
  this.timeout(300_000)

  it('joins to exactly JSON.stringify(report, null, 2) and yaml stringify, for every scenario report', async () => {
    for (const report of await reports()) {
      assert.equal([...jsonPieces(report)].join(''), JSON.stringify(report, null, 2))
      assert.equal([...yamlPieces(report as Record<string, unknown>, yamlOf)].join(''), yamlOf(report))
      // As resolve -o yaml writes it: block-yaml.ts, the yaml package for what it leaves.
      assert.equal([...yamlPieces(report as Record<string, unknown>, yamlOf, blockYaml)].join(''), yamlOf(report))
    }
  })

  it('writes resolve -o json as JSON.stringify writes the report, where resources resolved alike share their text', async () => {
    let shared = 0
    for (const dir of inputFolders()) {
      const snapshot = withTwins(await loadSnapshot({filenames: [dir], recursive: true}))
      const {report} = analyse(snapshot, {overrides: {}, today: TEST_TODAY, explain: true})
      const streamed = [...jsonDocument(resolveJsonStream(report))].join('')
      assert.equal(streamed, `${JSON.stringify(resolveJson(report), null, 2)}\n`, dir)
      // Not vacuous: most resources have a twin that resolves alike, whose entry differs only in its name.
      const entries = resolveJson(report).resources.map((r) => JSON.stringify({...r, name: ''}))
      shared += entries.length - new Set(entries).size
    }
    assert.ok(shared > 100, `${shared} entries alike`)
  })

  it('matches JSON.stringify on the edge cases: empty arrays and objects, undefined members, nested lists, top-level scalars', () => {
    const cases: unknown[] = [
      {a: [], b: {}, c: undefined, d: [undefined, null, 1], e: [[1, [2, {}]], {x: [{y: 'z\n'}]}], f: () => 1},
      [], {}, 'text', 12, null, [{a: 1}], {deep: {deeper: {deepest: [1, 2]}}},
      // Lists longer than one written batch, at the top and one level down, with elements JSON writes as null.
      Array.from({length: 300}, (_, i) => (i % 7 === 0 ? undefined : {i, when: new Date(i), list: [i, [i]]})),
      {resources: Array.from({length: 257}, (_, i) => (i % 50 === 0 ? () => i : {name: `r${i}`, explain: ['a', 'b']})), tail: 1},
    ]
    for (const value of cases) assert.equal([...jsonPieces(value)].join(''), JSON.stringify(value, null, 2))
    for (const value of [{a: [], b: 'x: y', c: [{k: 'multi\nline'}, {k: 'one line'}], d: {e: 1}, n: null}]) {
      assert.equal([...yamlPieces(value, yamlOf)].join(''), yamlOf(value))
      assert.equal([...yamlPieces(value, yamlOf, blockYaml)].join(''), yamlOf(value))
    }
  })

  it('writes the default table in pieces of at most 512 lines, which join to the whole table', async () => {
    const snapshot = await loadSnapshot({filenames: [join(REPO_ROOT, 'fixtures', 'demo')], recursive: true})
    const {report} = analyse(snapshot, {overrides: {}, today: TEST_TODAY})
    // The demo's resources 400 times over (renamed): a table of several thousand rows.
    const resources = Array.from({length: 400}, (_, i) => report.resources.map((r) => ({...r, name: `${r.name}-${i}`}))).flat()
    const large = {...report, resources}
    const pieces = [...resolveTablePieces(large)]
    const text = pieces.join('')
    assert.ok(pieces.length > resources.length / 512, `${pieces.length} pieces`)
    for (const piece of pieces) {
      assert.ok(piece.endsWith('\n'))
      assert.ok(piece.split('\n').length - 1 <= 512)
    }
    assert.equal(text, resolveTable(large))
    const lines = text.split('\n')
    assert.equal(lines[0], 'RESOURCES')
    assert.match(lines[1], /^NAMESPACE +KIND +NAME +OUTCOME +ROLE \/ ERROR +VIA$/)
    assert.equal(lines.filter((l) => /-399 +[A-Z_]+ /.test(l)).length, report.resources.length)
    assert.equal(lines.indexOf('NAMESPACES (a new, unlabelled resource of each installed kind)'), resources.length + 3)
    assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'))
  })

  it('writes -o markdown in pieces of at most 512 lines: every resource row, then the matrix, routing and findings', async () => {
    const snapshot = await loadSnapshot({filenames: [join(REPO_ROOT, 'fixtures', 'demo')], recursive: true})
    const {report} = analyse(snapshot, {overrides: {}, today: TEST_TODAY})
    const resources = Array.from({length: 400}, (_, i) => report.resources.map((r) => ({...r, name: `${r.name}-${i}`}))).flat()
    const pieces = [...resolveMarkdownPieces({...report, resources})]
    assert.ok(pieces.length > resources.length / 512, `${pieces.length} pieces`)
    for (const piece of pieces) assert.ok(piece.endsWith('\n') && piece.split('\n').length - 1 <= 512)
    const lines = pieces.join('').split('\n')
    assert.deepEqual(lines.slice(0, 2), ['## Resources', ''])
    assert.equal(lines.filter((l) => /^\| [^|]+ \| [^|]+ \| [^|]+-399 \|/.test(l)).length, report.resources.length)
    assert.equal(lines.indexOf('## Namespaces'), 2 + 2 + resources.length + 1)
    assert.ok(lines.indexOf('## Routing') > lines.indexOf('## Namespaces') && lines.indexOf('## Findings') > lines.indexOf('## Routing'))
    // The demo's own report: the text the golden file holds, one piece.
    assert.equal([...resolveMarkdownPieces(report)].join(''), readFileSync(join(REPO_ROOT, 'test', 'golden', 'demo.md'), 'utf8'))
  })

  it('writes a report of 1,000,000 resources (about 1.5 GB of JSON, beyond one string) with bounded memory', async () => {
    const [demo] = (await reports()).slice(-1) as Array<{resources: Array<Record<string, unknown>>}>
    const N = 1_000_000
    // A generated stream of real resource entries (the demo's, renamed), never held as one array.
    function* resources(): Generator<Record<string, unknown>> {
      for (let i = 0; i < N; i++) {
        const r = demo.resources[i % demo.resources.length]
        yield {...r, name: `${String(r.name)}-${i}`}
      }
    }
    const sink = new Digest()
    const before = process.memoryUsage().rss
    let peak = before
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss)
    }, 50)
    try {
      await writePieces(sink, jsonDocument({resources: resources(), namespaces: [], findings: [], summary: {resources: N}}))
    } finally {
      clearInterval(timer)
    }
    assert.ok(sink.bytes > 2 ** 29, `${sink.bytes} bytes: more than V8's longest string (2^29 - 24 characters)`)
    assert.ok(sink.writes > 1000)
    assert.ok(peak - before < 256 * 2 ** 20, `memory grew by ${Math.round((peak - before) / 2 ** 20)} MiB while writing`)
    // The same pieces, for the first entries only, are what JSON.stringify gives.
    const small = {resources: demo.resources.map((r, i) => ({...r, name: `${String(r.name)}-${i}`})), namespaces: [], findings: [], summary: {resources: N}}
    assert.equal([...jsonDocument(small)].join(''), `${JSON.stringify(small, null, 2)}\n`)
  })
})
