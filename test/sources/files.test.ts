import {strict as assert} from 'node:assert'
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {InputError, loadFiles, MAX_NESTING, parseManifests} from '../../src/sources/files.js'
import type {RawDocument} from '../../src/sources/decode.js'
import type {Finding} from '../../src/core/types.js'
import * as YAML from 'yaml'

/** `Kind/name@line` for every document, so a case reads like the input. */
const summary = (docs: RawDocument[]) => docs.map((d) => {
  const o = d.object as {kind?: string; metadata?: {name?: string}} | null
  const what = o && typeof o === 'object' ? `${o.kind ?? '?'}/${o.metadata?.name ?? '?'}` : JSON.stringify(o)
  return `${what}@${d.location?.line}`
})
const findingsAt = (findings: Finding[]) => findings.map((f) => `${f.rule}@${f.line}: ${f.message}`)

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`
const BOMB = [
  'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: lol, namespace: ack-system}',
  'a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]', 'f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]', '',
].join('\n')

describe('files: manifests on disk -> documents with file and line', () => {
  describe('parseManifests', () => {
    const cases: Array<{name: string; text: string; docs: string[]; findings?: RegExp[]}> = [
      {name: 'single YAML document', text: ns('a'), docs: ['Namespace/a@1']},
      {name: 'multi-document YAML with comments and a leading ---', text: `# cluster config\n---\n${ns('a')}---\n# second\n${ns('b')}`, docs: ['Namespace/a@3', 'Namespace/b@9']},
      {name: 'empty documents are null (the decoder ignores them)', text: '---\n---\n# nothing\n---\n', docs: ['null@1', 'null@2', 'null@4']},
      {name: 'empty file', text: '', docs: []},
      {name: 'JSON object', text: '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}', docs: ['Namespace/a@1']},
      {
        name: 'JSON List (kubectl get -o json): each item keeps its line',
        text: '{\n  "apiVersion": "v1",\n  "items": [\n    {\n      "apiVersion": "v1", "kind": "Namespace",\n      "metadata": {"name": "a", "annotations": {"x": "[\\"items\\"]"}}\n    },\n    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "b", "labels": {"items": "y"}}}\n  ],\n  "kind": "List",\n  "metadata": {"resourceVersion": ""}\n}\n',
        docs: ['Namespace/a@4', 'Namespace/b@8'],
      },
      {name: 'JSON NamespaceList', text: '{"kind": "NamespaceList", "apiVersion": "v1", "items": [\n{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}]}', docs: ['Namespace/a@2']},
      {name: 'JSON top-level array', text: '[\n{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}},\n\n{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "b"}}\n]', docs: ['Namespace/a@2', 'Namespace/b@4']},
      {name: 'JSON List without items', text: '{"apiVersion": "v1", "kind": "List", "items": []}', docs: []},
      {
        name: 'YAML kind: List: each item keeps its line',
        text: `apiVersion: v1\nkind: List\nitems:\n- ${ns('a').trimEnd().split('\n').join('\n  ')}\n- ${ns('b').trimEnd().split('\n').join('\n  ')}\n`,
        docs: ['Namespace/a@4', 'Namespace/b@8'],
      },
      {
        name: 'YAML *List (ConfigMapList)',
        text: 'apiVersion: v1\nkind: ConfigMapList\nmetadata: {}\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: ack-role-account-map, namespace: ack-system}\n',
        docs: ['ConfigMap/ack-role-account-map@5'],
      },
      {name: 'a map with items that is not a List stays one document', text: 'apiVersion: v1\nkind: Thing\nmetadata: {name: t}\nitems: [1, 2]\n', docs: ['Thing/t@1']},
      {
        name: 'bad YAML in the middle: a finding with its line, the other documents still load',
        text: `${ns('a')}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n   labels: {x: y}\n---\n${ns('c')}`,
        docs: ['Namespace/a@1', 'Namespace/c@12'],
        findings: [/^input-invalid@9: YAML does not parse: Nested mappings are not allowed in compact mappings$/],
      },
      {
        name: 'unclosed flow mapping: reported on the document\'s last line',
        text: `${ns('a')}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b\n\n`,
        docs: ['Namespace/a@1'],
        findings: [/^input-invalid@8: YAML does not parse: /],
      },
      {name: 'tab indentation', text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n\tname: a\n', docs: [], findings: [/^input-invalid@4: YAML does not parse: /]},
      {name: 'broken JSON falls back to the YAML parser and gets a line', text: '{\n  "apiVersion": "v1",\n  "kind": "Namespace",\n  "metadata": {"name": "a",}\n  oops\n}\n', docs: [], findings: [/^input-invalid@\d+: YAML does not parse: /]},
      {name: 'JSON-style flow YAML with a trailing comma still parses as YAML', text: '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a",},}', docs: ['Namespace/a@1']},
      {
        // kubectl, Helm and kustomize refuse a repeated key; taking the last value would read another object.
        name: 'a repeated key is refused at its line, named',
        text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\nmetadata: {name: b}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {"name": a, \'name\': b}\n',
        docs: [],
        findings: [
          /^input-invalid@4: YAML does not parse: the key "metadata" appears twice in one mapping \(kubectl and Helm refuse such a document\)$/,
          /^input-invalid@8: YAML does not parse: the key "name" appears twice in one mapping \(kubectl and Helm refuse such a document\)$/,
        ],
      },
      {
        name: 'two files joined without a --- line: the second apiVersion is a repeated key, and the message says what is likely missing',
        text: `${ns('a')}# the next file\n${ns('b')}---\n${ns('c')}`,
        docs: ['Namespace/c@11'],
        findings: [/^input-invalid@6: YAML does not parse: the key "apiVersion" appears twice in one mapping \(kubectl and Helm refuse such a document\): is a `---` line missing between two documents \(files joined without one\)\?$/],
      },
      {name: 'anchors and aliases within the limit are fine', text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels: &l {team: x}\n  annotations: *l\n', docs: ['Namespace/a@1']},
      {
        name: 'YAML alias bomb refused with a clear message, the next document still loads',
        text: `${BOMB}---\n${ns('after')}`,
        docs: ['Namespace/after@11'],
        findings: [/^input-invalid@1: document refused: its YAML aliases \(\*anchor references\) expand beyond the limit of 1000 \(an alias bomb\?\)/],
      },
      {
        name: 'absurd bracket nesting refused before parsing (no stack overflow, no out-of-memory)',
        text: `kind: x\nspec: ${'['.repeat(MAX_NESTING + 1)}${']'.repeat(MAX_NESTING + 1)}\n`,
        docs: [],
        findings: [/^input-invalid@2: file refused: brackets nested more than 512 levels deep/],
      },
      {
        name: 'the refusal names the line where the nesting passes the limit, after brackets that closed (or closed nothing)',
        text: `a: ]]\nb: {x: [1, 2]}\n\nc:\n  d: ${'['.repeat(MAX_NESTING - 1)}\n    ${'{'.repeat(2)}${'}'.repeat(2)}${']'.repeat(MAX_NESTING - 1)}\n`,
        docs: [],
        findings: [/^input-invalid@6: file refused: brackets nested more than 512 levels deep/],
      },
      {name: 'deep JSON refused the same way', text: '['.repeat(100_000) + ']'.repeat(100_000), docs: [], findings: [/^input-invalid@1: file refused: brackets nested more than 512 levels deep/]},
      {name: 'brackets inside JSON strings are text, not nesting', text: `{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a", "annotations": {"x": "${'['.repeat(MAX_NESTING + 1)}\\"{"}}}`, docs: ['Namespace/a@1']},
      {name: 'deep JSON inside a List refused at its line', text: `{"kind": "List", "items": [\n{"kind": "Namespace", "metadata": {"name": "a"}},\n{"spec": ${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)}}\n]}`, docs: [], findings: [/^input-invalid@3: file refused: brackets nested more than 512 levels deep/]},
      {name: 'nesting at the limit is accepted', text: `x: ${'['.repeat(MAX_NESTING - 1)}${']'.repeat(MAX_NESTING - 1)}\n`, docs: ['?/?@1']},
      {name: 'scalars and sequences are documents too (the decoder skips them)', text: 'hello\n---\n- 1\n', docs: ['"hello"@1', '?/?@3']},
    ]
    for (const c of cases) {
      it(c.name, () => {
        const docs: RawDocument[] = []
        const findings: Finding[] = []
        parseManifests(c.text, 'in.yaml', docs, findings, {yaml: YAML})
        assert.deepEqual(summary(docs), c.docs)
        assert.equal(findings.length, (c.findings ?? []).length, findingsAt(findings).join('\n'))
        findings.forEach((f, i) => {
          assert.match(findingsAt([f])[0], c.findings![i])
          assert.equal(f.file, 'in.yaml')
        })
        for (const d of docs) assert.equal(d.location?.file, 'in.yaml')
      })
    }
    it('a deep alias bomb finishes quickly without building the expansion', function () {
      this.timeout(5000)
      const levels = ['a: &l0 [x, x, x, x, x, x, x, x, x, x]']
      for (let i = 1; i < 30; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`)
      const docs: RawDocument[] = []
      const findings: Finding[] = []
      const started = Date.now()
      parseManifests(levels.join('\n') + '\n', 'bomb.yaml', docs, findings, {yaml: YAML})
      assert.equal(docs.length, 0)
      assert.match(findings[0].message, /alias bomb/)
      assert.ok(Date.now() - started < 2000)
    })
  })

  describe('loadFiles', () => {
    let dir: string
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ackctl-files-'))
      await mkdir(join(dir, 'tree', 'nested', 'deeper'), {recursive: true})
      await writeFile(join(dir, 'tree', '20-b.yaml'), ns('b'))
      await writeFile(join(dir, 'tree', '10-a.yml'), ns('a'))
      await writeFile(join(dir, 'tree', '30-c.json'), '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "c"}}')
      await writeFile(join(dir, 'tree', 'README.md'), '# not a manifest: kind: Namespace')
      await writeFile(join(dir, 'tree', 'values.YAML'), ns('upper'))
      await writeFile(join(dir, 'tree', '40-broken.yaml'), 'kind: [\n')
      await writeFile(join(dir, 'tree', 'nested', 'n.yaml'), ns('nested'))
      await writeFile(join(dir, 'tree', 'nested', 'deeper', 'd.yaml'), ns('deeper'))
      await writeFile(join(dir, 'plain.txt'), ns('txt'))
      for (const skipped of ['node_modules', '.git']) {
        await mkdir(join(dir, 'tree', 'nested', skipped, 'pkg'), {recursive: true})
        await writeFile(join(dir, 'tree', 'nested', skipped, 'pkg', 'invalid-on-purpose.yaml'), 'kind: [\n')
        await writeFile(join(dir, 'tree', 'nested', skipped, 'pkg', 'ns.yaml'), ns(skipped))
      }
    })
    after(async () => rm(dir, {recursive: true, force: true}))
    const noStdin = async () => {
      throw new Error('stdin must not be read')
    }
    const rel = (p: string | undefined) => p?.slice(dir.length + 1)

    it('a directory without -R: its manifest files in name order (.yaml, .yml, .json, any case), no subdirectories', async () => {
      const {docs, findings} = await loadFiles({filenames: [join(dir, 'tree')], recursive: false, readStdin: noStdin})
      assert.deepEqual(docs.map((d) => `${(d.object as {metadata: {name: string}}).metadata.name}@${rel(d.location?.file)}:${d.location?.line}`), [
        'a@tree/10-a.yml:1', 'b@tree/20-b.yaml:1', 'c@tree/30-c.json:1', 'upper@tree/values.YAML:1',
      ])
      assert.deepEqual(findings.map((f) => `${rel(f.file)}:${f.line} ${f.rule}`), ['tree/40-broken.yaml:1 input-invalid'])
    })

    it('-R walks subdirectories, depth first in name order', async () => {
      const {docs} = await loadFiles({filenames: [join(dir, 'tree')], recursive: true, readStdin: noStdin})
      assert.deepEqual(docs.map((d) => rel(d.location?.file)), [
        'tree/10-a.yml', 'tree/20-b.yaml', 'tree/30-c.json', 'tree/nested/deeper/d.yaml', 'tree/nested/n.yaml', 'tree/values.YAML',
      ])
    })

    it('-R leaves out node_modules and .git (a CI checkout\'s packages and history); named with -f, they are read', async () => {
      const walked = await loadFiles({filenames: [join(dir, 'tree')], recursive: true, readStdin: noStdin})
      assert.ok(!walked.docs.some((d) => /node_modules|\.git/.test(d.location?.file ?? '')))
      assert.deepEqual(walked.findings.map((f) => rel(f.file)), ['tree/40-broken.yaml'])
      const named = await loadFiles({filenames: [join(dir, 'tree', 'nested', 'node_modules')], recursive: true, readStdin: noStdin})
      assert.deepEqual(named.docs.map((d) => rel(d.location?.file)), ['tree/nested/node_modules/pkg/ns.yaml'])
      assert.deepEqual(named.findings.map((f) => `${rel(f.file)} ${f.rule}`), ['tree/nested/node_modules/pkg/invalid-on-purpose.yaml input-invalid'])
    })

    it('a file named explicitly is read whatever its extension', async () => {
      const {docs} = await loadFiles({filenames: [join(dir, 'plain.txt')], recursive: false, readStdin: noStdin})
      assert.deepEqual(summary(docs), ['Namespace/txt@1'])
    })

    it('several -f arguments keep their order; - reads standard input', async () => {
      const {docs} = await loadFiles({filenames: [join(dir, 'plain.txt'), '-'], recursive: false, readStdin: async () => ns('piped')})
      assert.deepEqual(docs.map((d) => `${(d.object as {metadata: {name: string}}).metadata.name}@${d.location?.file === '-' ? '-' : rel(d.location?.file)}`), ['txt@plain.txt', 'piped@-'])
    })

    const unreadable: Array<[name: string, path: (d: string) => string, message: RegExp]> = [
      ['missing file', (d) => join(d, 'nope.yaml'), /^cannot read .*nope\.yaml: no such file or directory$/],
      ['missing directory', (d) => join(d, 'nope', 'x.yaml'), /^cannot read .*nope\/x\.yaml: no such file or directory$/],
    ]
    for (const [name, path, message] of unreadable) {
      it(`unreadable path (${name}) -> InputError naming the path`, async () => {
        await assert.rejects(loadFiles({filenames: [path(dir)], recursive: false, readStdin: noStdin}), (error: unknown) => {
          assert.ok(error instanceof InputError)
          assert.match((error as Error).message, message)
          assert.ok((error as Error).message.includes(path(dir)))
          return true
        })
      })
    }
  })
})
