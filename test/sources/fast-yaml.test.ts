import {strict as assert} from 'node:assert'
import {readFileSync} from 'node:fs'

import {stringify} from 'yaml'

import {fastYaml} from '../../src/sources/fast-yaml.js'
import {parseManifests} from '../../src/sources/files.js'
import type {RawDocument} from '../../src/sources/decode.js'
import type {Finding} from '../../src/core/types.js'
import {repositoryYamlFiles} from '../support/generate.js'
import * as YAML from 'yaml'

/** What the loader makes of a text, through the fast path or (fast: false) only the yaml package. */
function load(text: string, fast: boolean) {
  const docs: RawDocument[] = []
  const findings: Finding[] = []
  const result = parseManifests(text, 'f.yaml', docs, findings, {fast, yaml: YAML})
  return {docs, findings, result}
}

describe('fast YAML path: the same documents, lines and columns as the yaml package', () => {
  it('every YAML file of the repository loads identically both ways', () => {
    const files = repositoryYamlFiles()
    assert.ok(files.length > 100, `${files.length} files`)
    let fast = 0
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      assert.deepEqual(load(text, true), load(text, false), file)
      if (fastYaml(text, 'f.yaml')) fast++
    }
    assert.ok(fast > files.length / 2, `the fast path took only ${fast} of ${files.length} files`)
  })

  const cases: Record<string, string> = {
    'comments and a leading marker': '# header\n---\n# about a\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n\n  \napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n',
    'an indented List': 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Namespace\n    metadata: {name: a}\n  # between\n  -   apiVersion: v1\n      kind: Namespace\n      metadata: {name: b}\nmetadata: {resourceVersion: ""}\n',
    'a List at column 1 with block scalars': 'kind: List\napiVersion: v1\nitems:\n- kind: ConfigMap\n  apiVersion: v1\n  metadata: {name: a, namespace: x}\n  data:\n    text: |\n      - not an item\n      items:\n- kind: ConfigMap\n  apiVersion: v1\n  metadata: {name: b, namespace: x}\n',
    'an empty List': 'apiVersion: v1\nkind: List\nitems: []\n',
    'an entry that starts on the next line': 'kind: List\nitems:\n-\n  kind: Namespace\n  metadata: {name: a}\n',
    'anchors and aliases': 'a: &x {b: 1}\nc: *x\n',
    'a tag': 'a: !!str 1\n',
    'a merge key': 'a: {b: 1}\nc:\n  <<: {d: 2}\n',
    'duplicate keys': 'a: 1\na: 2\n',
    'an empty document': 'a: 1\n---\n---\nb: 2\n',
    'a document end marker': 'a: 1\n...\n---\nb: 2\n',
    'YAML 1.1 words stay strings, numbers as 1.2 core': 'a: yes\nb: off\nc: 0o17\nd: 017\ne: 0x1f\nf: 1e3\ng: .inf\nh: ~\ni: 2026-01-01\nj: "0b11"\nk: 0b11\nl: 1_000\nm: -0x1f\nn: +12\no: -.INF\np: .NaN\nq: 1.\nr: .5e-3\ns: 0o8\nt: True\nu: NULL\nv: 12345678901234567890\nw: -1.5E+3\nx: 0X1F\n',
    'a flow collection as a key': '{a: 1}: b\n[c]: d\n',
    'an explicit key': '? a\n: b\n',
    'a parse error': 'a: [1, 2\nb: 3\n',
    'a Go template': 'a: {{ .Values.x }}\n',
    'windows line ends': 'apiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: a\r\n',
    // The line scan once read a CRLF comment line as the document's first line (lint reported line 1).
    'windows line ends and comments': '# about a\r\n---\r\n# a\r\napiVersion: v1\r\nkind: Namespace\r\nmetadata: {name: a}\r\n---\r\n\r\n# b\r\napiVersion: v1\r\nkind: Namespace\r\nmetadata: {name: b}\r\n',
    'a windows List with comments': 'kind: List\r\napiVersion: v1\r\nitems:\r\n  # first\r\n  - kind: Namespace\r\n    metadata: {name: a}\r\n  # second\r\n  -   kind: Namespace\r\n      metadata: {name: b}\r\n',
    'carriage returns alone': 'apiVersion: v1\rkind: Namespace\rmetadata:\r  name: a\r',
    'a merge key after a line break': 'a: {b: 1}\nc:\n  <<\n  : {d: 2}\n',
    'a tab after the dash of a List item': 'kind: List\nitems:\n  -\tkind: Namespace\n    metadata: {name: a}\n  - \t kind: Namespace\n     \t metadata: {name: b}\n',
    'a no-break space before a List item\'s content': 'kind: List\nitems:\n  - \u00a0kind: Namespace\n    metadata: {name: a}\n',
    'a byte order mark': '\ufeffapiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n',
    'a byte order mark before a List': '\ufeffkind: List\nitems:\n- kind: Namespace\n  metadata: {name: a}\n',
    // js-yaml read [[null, "b"]] here; the yaml package and the block reader [[null], "b"].
    'an empty entry, then a less indented one': 'kind: List\nitems:\n- kind: Widget\n  metadata: {name: a}\n  spec:\n    x:\n    -\n      -\n    - b\n- kind: Widget\n  metadata: {name: b}\n',
    'specials late in a long text': 'a: 1\n'.repeat(5000) + 'b: &x 1\nc: *x\n',
  }
  for (const [name, text] of Object.entries(cases)) {
    it(name, () => assert.deepEqual(load(text, true), load(text, false)))
  }

  it('windows line ends with comments take the fast path, with the lines of the yaml package', () => {
    const text = '# header\r\n---\r\n# a\r\napiVersion: v1\r\nkind: Namespace\r\nmetadata: {name: a}\r\n'
    assert.deepEqual(fastYaml(text, 'f.yaml')?.map((d) => d.location), [{file: 'f.yaml', line: 4, column: 1}])
  })

  it('a generated 2,000-item dump (as kubectl writes it) takes the fast path and agrees', () => {
    const items = Array.from({length: 2000}, (_, i) => ({
      apiVersion: 's3.services.k8s.aws/v1alpha1', kind: 'Bucket',
      metadata: {name: `b-${i}`, namespace: `ns-${i % 37}`, labels: {tier: i % 3 === 0 ? 'gold' : 'std', 'app.kubernetes.io/name': 'x'}, annotations: {note: `line one\nline - two ${i}`}},
      spec: {name: `b-${i}`, tagging: {tagSet: [{key: 'k', value: `${i}`}]}},
      status: {ackResourceMetadata: {ownerAccountID: '111111111111', region: 'us-east-1'}, conditions: [{type: 'ACK.ResourceSynced', status: 'True'}]},
    }))
    const text = stringify({apiVersion: 'v1', kind: 'List', items, metadata: {resourceVersion: ''}})
    assert.ok(fastYaml(text, 'f.yaml'))
    assert.deepEqual(load(text, true), load(text, false))
  })
})
