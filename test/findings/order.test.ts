import {strict as assert} from 'node:assert'

import type {Finding} from '../../src/core/types.js'
import {sortFindings} from '../../src/findings/order.js'

const obj = (kind: string, name: string, namespace?: string): Finding['object'] =>
  ({apiVersion: 'v1', kind, name, ...(namespace === undefined ? {} : {namespace})})

describe('finding order', () => {
  it('sorts by severity, file, line, object, rule and message, and keeps equal findings in input order', () => {
    const a: Finding = {rule: 'r-b', severity: 'warning', message: 'm'}
    const findings: Finding[] = [
      {rule: 'r-a', severity: 'info', message: 'x'},
      a,
      {rule: 'r-a', severity: 'warning', message: 'm', file: 'b.yaml', line: 2},
      {rule: 'r-a', severity: 'warning', message: 'm', file: 'a.yaml', line: 10},
      {rule: 'r-a', severity: 'warning', message: 'm', file: 'a.yaml', line: 9},
      {rule: 'r-a', severity: 'error', message: 'z', object: obj('Namespace', 'b')},
      {rule: 'r-a', severity: 'error', message: 'z', object: obj('Bucket', 'a', 'ns')},
      {rule: 'r-a', severity: 'error', message: 'y', object: obj('Bucket', 'a', 'ns')},
      {rule: 'r-0', severity: 'error', message: 'z', object: obj('Bucket', 'a', 'ns')},
      {rule: 'r-a', severity: 'error', message: 'z', object: obj('Bucket', 'a', 'm')},
      {...a},
    ]
    const sorted = sortFindings(findings)
    const show = (f: Finding) => [f.severity, f.file ?? '', f.line ?? '', f.object ? `${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}` : '', f.rule, f.message].join(' ')
    assert.deepEqual(sorted.map(show), [
      'error   Bucket/m/a r-a z',
      'error   Bucket/ns/a r-0 z',
      'error   Bucket/ns/a r-a y',
      'error   Bucket/ns/a r-a z',
      'error   Namespace//b r-a z',
      'warning    r-b m',
      'warning    r-b m',
      'warning a.yaml 9  r-a m',
      'warning a.yaml 10  r-a m',
      'warning b.yaml 2  r-a m',
      'info    r-a x',
    ])
    // Stable: of the two equal findings, the one given first comes first; the input is left as it was.
    assert.equal(sorted[5], a)
    assert.equal(findings[1], a)
    assert.equal(findings[0].severity, 'info')
  })
})
