import {strict as assert} from 'node:assert'

import {docsUrlFrom, pairOutputs} from '../../src/cli/outputs.js'

describe('lint -o/--output-file pairing', () => {
  it('pairs by position; formats without an output go to stdout; - is stdout', () => {
    assert.deepEqual(pairOutputs(['sarif', 'text'], ['lint.sarif'], ['-f', 'x', '-o', 'sarif', '--output-file', 'lint.sarif', '--format', 'text']),
      {targets: [{format: 'sarif', file: 'lint.sarif'}, {format: 'text'}]})
    assert.deepEqual(pairOutputs(['json', 'junit'], ['-', 'r.xml'], ['--output=json', '--output-file=-', '-ojunit', '--output-file', 'r.xml']),
      {targets: [{format: 'json'}, {format: 'junit', file: 'r.xml'}]})
    assert.deepEqual(pairOutputs(['text'], ['out.txt'], ['--output-file', 'out.txt']), {targets: [{format: 'text', file: 'out.txt'}]}, 'the default format may take an output')
  })

  it('refuses more outputs than formats, and an output written before its own format', () => {
    assert.match((pairOutputs(['sarif'], ['a', 'b'], []) as {error: string}).error, /^2 --output-file given for 1 -o\/--output format/)
    assert.match((pairOutputs(['text', 'sarif'], ['x.sarif'], ['-o', 'text', '-o', 'sarif', '--output-file', 'x.sarif']) as {error: string}).error,
      /^--output-file x.sarif would receive the format text/)
    assert.match((pairOutputs(['sarif'], ['x.sarif'], ['--output-file', 'x.sarif', '-o', 'sarif']) as {error: string}).error, /would receive the format sarif/)
  })

  it('links docs/rules.md from a GitHub repository field, and nothing else', () => {
    assert.equal(docsUrlFrom('https://github.com/acme/ackctl.git'), 'https://github.com/acme/ackctl/blob/HEAD/docs/rules.md')
    assert.equal(docsUrlFrom({type: 'git', url: 'git+ssh://git@github.com/acme/ackctl.git'}), 'https://github.com/acme/ackctl/blob/HEAD/docs/rules.md')
    assert.equal(docsUrlFrom('github.com:acme/ackctl'), 'https://github.com/acme/ackctl/blob/HEAD/docs/rules.md')
    assert.equal(docsUrlFrom('https://gitlab.example.com/acme/ackctl'), undefined)
    assert.equal(docsUrlFrom(undefined), undefined)
  })
})
