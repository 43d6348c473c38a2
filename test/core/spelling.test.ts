import {strict as assert} from 'node:assert'

import {editDistance} from '../../src/core/spelling.js'

describe('editDistance (did-you-mean suggestions)', () => {
  const cases: Array<[string, string, number, number]> = [
    ['payments', 'payments', 2, 0],
    ['paymnets', 'payments', 2, 1], // adjacent swap: one edit
    ['payment', 'payments', 2, 1],
    ['teamid', 'team-id', 2, 1],
    ['regoin', 'region', 1, 1],
    ['owner-account', 'owner-account-id', 2, 3], // three apart: bound + 1
    ['', 'abc', 5, 3],
    ['abc', '', 1, 2],
    ['kitten', 'sitting', 3, 3],
    ['ca', 'abc', 3, 3], // optimal string alignment, not the unrestricted Damerau distance (2)
  ]
  for (const [a, b, bound, want] of cases) {
    it(`${JSON.stringify(a)} / ${JSON.stringify(b)} within ${bound}: ${want}`, () => {
      assert.equal(editDistance(a, b, bound), want)
      assert.equal(editDistance(b, a, bound), want)
    })
  }
})
