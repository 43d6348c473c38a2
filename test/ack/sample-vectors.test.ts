import {strict as assert} from 'node:assert'

import {Resolver} from '../../src/ack/resolver.js'
import {loadSpecVectors, vectorSettings, vectorSnapshot, vectorTarget} from '../support/vectors.js'

describe('spec sample vectors (fixtures/spec)', () => {
  for (const v of loadSpecVectors()) {
    it(`${v.id}: ${v.title}`, () => {
      const resolver = new Resolver(vectorSnapshot(v), [vectorSettings(v)])
      const got = resolver.resolve(vectorTarget(v)) as unknown as Record<string, unknown>
      for (const [key, want] of Object.entries(v.expected)) {
        assert.deepEqual(got[key], want, `${key} of ${v.id}`)
      }
    })
  }
})
