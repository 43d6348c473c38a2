import {strict as assert} from 'node:assert'

import fc from 'fast-check'

import {cliTable3Layout, foldText, linearTable, plainTable, plainTableLines} from '../../src/render/table.js'

/**
 * Large tables are padded in one pass (cli-table3's layout is quadratic in rows): the result must be
 * exactly what cli-table3 prints, for the cells ackctl prints (single-line text, the symbols it uses).
 */
describe('plain tables: the linear layout equals cli-table3\'s', () => {
  it('for random single-line cells (ASCII and the symbols ackctl prints)', () => {
    const cell = fc.string({unit: fc.constantFrom(...'abcXYZ019 -_/:.()"\''.split(''), '≠', '␠', '…', '='), maxLength: 30})
    fc.assert(fc.property(fc.integer({min: 1, max: 5}), fc.array(fc.array(cell, {minLength: 5, maxLength: 5}), {maxLength: 20}), (n, raw) => {
      const rows = raw.map((r) => r.slice(0, n))
      const columns = Array.from({length: n}, (_, i) => ({header: `H${i}`, value: (r: string[]) => r[i]}))
      const lines = [columns.map((c) => c.header), ...rows]
      assert.equal(linearTable(lines), cliTable3Layout(lines))
      assert.equal(plainTable(columns, rows), cliTable3Layout(lines))
    }), {numRuns: 300, seed: 7})
  })

  it('with painted headers (--color): ANSI codes take no column', () => {
    const bold = (s: string) => `\u001B[1m${s}\u001B[22m`
    const rows = [['payments', 'arn:aws:iam::111111111111:role/ack-payments'], ['kube-system', '']]
    const columns = ['NAMESPACE', 'ROLE'].map((header, i) => ({header, value: (r: string[]) => r[i]}))
    const text = plainTable(columns, rows, bold)
    assert.equal(text, cliTable3Layout([columns.map((c) => bold(c.header)), ...rows]))
    assert.equal(text.split('\n')[1], 'payments      arn:aws:iam::111111111111:role/ack-payments')
  })

  it('wide characters and multi-line cells keep cli-table3\'s layout', () => {
    const columns = ['NAME', 'NOTE'].map((header, i) => ({header, value: (r: string[]) => r[i]}))
    const wide = [['\u5B58\u50A8\u6876\u5B58\u50A8', 'x'], ['b', 'y']]
    // five characters, ten terminal columns wide
    assert.equal(plainTable(columns, wide).split('\n')[2], `b${' '.repeat(12)}y`)
    const folded = [['a', 'first line\nsecond'], ['b', 'z']]
    assert.equal(plainTable(columns, folded), cliTable3Layout([['NAME', 'NOTE'], ...folded]))
    assert.equal(plainTable(columns, folded).split('\n').length, 4)
  })

  it('the linear layout counts code points and leaves colour codes out of the width', () => {
    assert.equal(linearTable([['A', 'B'], ['\u{1D4B3}x', 'y']]), 'A    B\n\u{1D4B3}x   y')
    assert.equal(linearTable([['\u001B[1mNAME\u001B[22m', 'X'], ['ab', 'y  ']]), '\u001B[1mNAME\u001B[22m   X\nab     y')
  })

  it('a 20,000-row table is laid out linearly (the default table of a large cluster)', () => {
    const rows = Array.from({length: 20_000}, (_, i) => [`ns-${i % 97}`, 'Bucket', `b-${i}`, i % 5 ? 'ASSUME_ROLE' : 'DEFAULT_CREDENTIALS'])
    const columns = ['NAMESPACE', 'KIND', 'NAME', 'OUTCOME'].map((header, i) => ({header, value: (r: string[]) => r[i]}))
    const text = plainTable(columns, rows)
    const lines = text.split('\n')
    assert.equal(lines.length, 20_001)
    assert.equal(lines[0], 'NAMESPACE   KIND     NAME      OUTCOME')
    assert.equal(lines[1], 'ns-0        Bucket   b-0       DEFAULT_CREDENTIALS')
  })

  it('a 200,000-row table fits a terminal (on a TTY, 200k resources ended in "Maximum call stack size exceeded")', () => {
    const rows = Array.from({length: 200_000}, (_, i) => [`ns-${i % 97}`, `b-${i}`, i % 5 ? 'arn:aws:iam::111111111111:role/ack-payments' : 'none'])
    const columns = ['NAMESPACE', 'NAME', 'ROLE'].map((header, i) => ({header, value: (r: string[]) => r[i]}))
    const lines = [...plainTableLines(columns, rows, undefined, {width: 40, shrink: [[2, 12]]})]
    assert.equal(lines.length, 200_001)
    assert.equal(lines[1], 'ns-0        b-0        none')
    assert.equal(lines[2], 'ns-1        b-1        arn:aws:iam::111\u2026')
    assert.ok(lines.every((l) => [...l].length <= 40))
  })

  it('folds text at spaces, hard inside longer words, counting a surrogate pair as one column', () => {
    assert.equal(foldText('a bb ccc dddd', 6), 'a bb\nccc\ndddd')
    assert.equal(foldText('abcdefghij xy', 4), 'abcd\nefgh\nij\nxy')
    assert.equal(foldText('\u{1F600}\u{1F600}\u{1F600} ab', 3), '\u{1F600}\u{1F600}\u{1F600}\nab')
  })
})
