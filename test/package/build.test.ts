import {strict as assert} from 'node:assert'

/**
 * scripts/build.mjs orders oclif's command ids of lowercase letters, ':' and '-' by their characters'
 * codes instead of localeCompare (whose first call sets up ICU's collator, 14 ms of every start-up),
 * on the ground that the two orders are the same for such ids. Every id of up to three such
 * characters, in both orders.
 */
describe('the build: command ids in oclif\'s order without ICU', () => {
  it('orders every id of up to three characters from a-z, ":" and "-" as localeCompare does', () => {
    const alphabet = [...'abcdefghijklmnopqrstuvwxyz:-']
    let ids = ['']
    const all: string[] = []
    for (let length = 1; length <= 3; length++) {
      ids = ids.flatMap((id) => alphabet.map((c) => id + c))
      all.push(...ids.filter((id) => /^[a-z][a-z:-]*$/.test(id)))
    }
    const byCodes = [...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    const byLocale = [...all].sort((a, b) => a.localeCompare(b))
    assert.equal(all.length, 26 + 26 * 28 + 26 * 28 * 28)
    assert.deepEqual(byCodes, byLocale)
  })
})
