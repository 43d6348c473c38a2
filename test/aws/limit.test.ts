import {strict as assert} from 'node:assert'

import {createLimiter, isThrottling, withRetry} from '../../src/aws/limit.js'

describe('AWS call bounds', () => {
  it('runs at most N calls at once and all of them eventually', async () => {
    const limit = createLimiter(3)
    let running = 0
    let peak = 0
    const results = await Promise.all(Array.from({length: 20}, (_, i) => limit(async () => {
      running++
      peak = Math.max(peak, running)
      await new Promise((r) => setTimeout(r, 2))
      running--
      return i
    })))
    assert.equal(peak, 3)
    assert.deepEqual(results, Array.from({length: 20}, (_, i) => i))
  })

  it('retries throttling with growing delays, then gives up', async () => {
    const delays: number[] = []
    let calls = 0
    const throttled = Object.assign(new Error('Rate exceeded'), {name: 'Throttling', $metadata: {httpStatusCode: 400}})
    await assert.rejects(withRetry(async () => {
      calls++
      throw throttled
    }, {attempts: 4, baseDelayMs: 100, sleep: async (ms) => void delays.push(ms)}), /Rate exceeded/)
    assert.equal(calls, 4)
    assert.equal(delays.length, 3)
    delays.forEach((d, i) => assert.ok(d >= 0 && d <= 100 * 2 ** i, `delay ${i} = ${d}`))
  })

  it('does not retry other errors', async () => {
    let calls = 0
    await assert.rejects(withRetry(async () => {
      calls++
      throw Object.assign(new Error('no'), {name: 'AccessDenied'})
    }, {attempts: 5, baseDelayMs: 1, sleep: async () => {}}), /no/)
    assert.equal(calls, 1)
  })

  it('recognises throttling by name, HTTP 429 and the SDK\'s retryable flag', () => {
    assert.ok(isThrottling({name: 'ThrottlingException'}))
    assert.ok(isThrottling({name: 'Other', $metadata: {httpStatusCode: 429}}))
    assert.ok(isThrottling({name: 'Other', $retryable: {throttling: true}}))
    assert.ok(!isThrottling({name: 'NoSuchEntity', $metadata: {httpStatusCode: 404}}))
  })
})
