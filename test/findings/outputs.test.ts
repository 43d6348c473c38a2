import {strict as assert} from 'node:assert'

import {docsUrlFrom, pairOutputs} from '../../src/cli/outputs.js'

describe('lint --format/--output pairing', () => {
  it('pairs by position; formats without an output go to stdout; - is stdout', () => {
    assert.deepEqual(pairOutputs(['sarif', 'text'], ['lint.sarif'], ['-f', 'x', '--format', 'sarif', '--output', 'lint.sarif', '--format', 'text']),
      {targets: [{format: 'sarif', file: 'lint.sarif'}, {format: 'text'}]})
    assert.deepEqual(pairOutputs(['json', 'junit'], ['-', 'r.xml'], ['--format=json', '--output=-', '--format', 'junit', '--output', 'r.xml']),
      {targets: [{format: 'json'}, {format: 'junit', file: 'r.xml'}]})
    assert.deepEqual(pairOutputs(['text'], ['out.txt'], ['--output', 'out.txt']), {targets: [{format: 'text', file: 'out.txt'}]}, 'the default format may take an output')
  })

  it('refuses more outputs than formats, and an output written before its own format', () => {
    assert.match((pairOutputs(['sarif'], ['a', 'b'], []) as {error: string}).error, /^2 --output given for 1 --format/)
    assert.match((pairOutputs(['text', 'sarif'], ['x.sarif'], ['--format', 'text', '--format', 'sarif', '--output', 'x.sarif']) as {error: string}).error,
      /^--output x.sarif would receive --format text/)
    assert.match((pairOutputs(['sarif'], ['x.sarif'], ['--output', 'x.sarif', '--format', 'sarif']) as {error: string}).error, /would receive --format sarif/)
  })

  it('links docs/rules.md from a GitHub repository field, and nothing else', () => {
    assert.equal(docsUrlFrom('https://github.com/acme/ackctl.git'), 'https://github.com/acme/ackctl/blob/HEAD/docs/rules.md')
    assert.equal(docsUrlFrom({type: 'git', url: 'git+ssh://git@github.com/acme/ackctl.git'}), 'https://github.com/acme/ackctl/blob/HEAD/docs/rules.md')
    assert.equal(docsUrlFrom('github.com:acme/ackctl'), 'https://github.com/acme/ackctl/blob/HEAD/docs/rules.md')
    assert.equal(docsUrlFrom('https://gitlab.example.com/acme/ackctl'), undefined)
    assert.equal(docsUrlFrom(undefined), undefined)
  })
})
