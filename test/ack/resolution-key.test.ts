import {strict as assert} from 'node:assert'

import {resolutionKey, type ResolveTarget} from '../../src/ack/resolver.js'

const target = (over: Partial<ResolveTarget> = {}): ResolveTarget => ({
  group: 's3.services.k8s.aws', version: 'v1alpha1', kind: 'Bucket', namespace: 'team-a',
  labels: {}, annotations: {}, status: null, hasReferences: false, ...over,
})

describe('resolutionKey (resolve -o json writes resources with equal keys from one text)', () => {
  it('ignores what the engine does not read: the name, other labels and annotations', () => {
    assert.equal(
      resolutionKey(target({labels: {a: '1'}, annotations: {note: 'x'}}), {}),
      resolutionKey(target(), {}),
    )
  })

  it('tells apart every part the engine reads, and absent from empty', () => {
    const keys = [
      resolutionKey(target(), {}),
      resolutionKey(target({annotations: {'services.k8s.aws/region': ''}}), {}),
      resolutionKey(target({status: {ownerAccountID: ''}}), {}),
      resolutionKey(target({status: {region: ''}}), {}),
      resolutionKey(target({hasReferences: true}), {}),
      resolutionKey(target(), {selector: ''}),
      resolutionKey(target(), {conflictingSelectors: []}),
      resolutionKey(target({namespace: 'team-b'}), {}),
      resolutionKey(target({version: 'v1'}), {}),
    ]
    assert.equal(new Set(keys).size, keys.length)
  })

  it('cannot be made equal by text inside a value (separators, digits, dashes)', () => {
    const pairs: Array<[ResolveTarget, ResolveTarget]> = [
      [target({annotations: {'services.k8s.aws/region': 'a\u0000b'}, status: {ownerAccountID: 'c'}}),
        target({annotations: {'services.k8s.aws/region': 'a'}, status: {ownerAccountID: 'b\u0000c'}})],
      [target({annotations: {'services.k8s.aws/region': '1:x'}}), target({status: {ownerAccountID: 'x'}, annotations: {'services.k8s.aws/region': ''}})],
      [target({namespace: 'a-'}), target({namespace: 'a', version: '-v1alpha1'})],
    ]
    for (const [a, b] of pairs) assert.notEqual(resolutionKey(a, {}), resolutionKey(b, {}))
    assert.notEqual(resolutionKey(target(), {conflictingSelectors: ['a,b', 'c']}), resolutionKey(target(), {conflictingSelectors: ['a', 'b,c']}))
  })
})
