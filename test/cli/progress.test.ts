import assert from 'node:assert/strict'

import {ttyProgress} from '../../src/cli/progress.js'

describe('progress indicator', () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = []
    return {written, isTTY, write: (t: string) => written.push(t)}
  }

  it('draws one self-erasing line on a TTY, at most once per interval', () => {
    const s = stream(true)
    const p = ttyProgress(s, {intervalMs: 60_000})
    p.update!('reading cluster: 1/4 lists')
    p.update!('reading cluster: 2/4 lists')
    p.done()
    assert.deepEqual(s.written, ['\r\x1b[2K⠋ reading cluster: 1/4 lists', '\r\x1b[2K'])
  })

  it('prints nothing when the stream is not a TTY or the output is JSON', () => {
    for (const [isTTY, json] of [[false, false], [true, true]]) {
      const s = stream(isTTY)
      const p = ttyProgress(s, {json})
      assert.equal(p.update, undefined)
      p.done()
      assert.deepEqual(s.written, [])
    }
  })
})
