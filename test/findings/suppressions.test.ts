import {strict as assert} from 'node:assert'

import {parseLintConfig} from '../../src/findings/config.js'
import {isDate} from '../../src/findings/dates.js'
import {objectPatternMatches} from '../../src/findings/suppress.js'
import {lintFiles} from './support.js'

describe('lint config and suppressions', () => {
  describe('parseLintConfig', () => {
    it('reads entries with their lines, and keeps malformed entries with their problems', () => {
      const text = [
        '# team suppressions',
        'lint:',
        '  suppressions:',
        '    - rule: selector-overlap',
        '      object: IAMRoleSelector/a',
        '      reason: later',
        '      expires: 2026-12-31',
        '    - rule: 3',
        '      colour: red',
        '      expires: tomorrow',
        '    - just a string',
        'other-command: {x: 1}',
      ].join('\n')
      const parsed = parseLintConfig(text, '.ackctl.yaml')
      assert.ok(parsed.ok)
      assert.deepEqual(parsed.config.suppressions, [
        {problems: [], location: {file: '.ackctl.yaml', line: 4}, rule: 'selector-overlap', object: 'IAMRoleSelector/a', reason: 'later', expires: '2026-12-31'},
        {problems: ['unknown key colour (expected rule, object, reason, expires)', 'rule must be a string', 'expires "tomorrow" is not a date (YYYY-MM-DD)'], location: {file: '.ackctl.yaml', line: 8}},
        {problems: ['an entry must be a mapping with rule, object, reason and expires'], location: {file: '.ackctl.yaml', line: 11}},
      ])
    })

    const refused: Array<[string, string, RegExp]> = [
      ['not YAML', 'lint: [a', /^c.yaml:1: YAML does not parse/],
      ['not a mapping', '- a', /^c.yaml: expected a mapping with a "lint" key/],
      ['lint not a mapping', 'lint: 3', /^c.yaml:1: "lint" must be a mapping/],
      ['unknown lint key', 'lint:\n  suppression: []', /^c.yaml:2: unknown key lint.suppression \(expected: suppressions\)/],
      ['suppressions not a list', 'lint:\n  suppressions: {rule: x}', /^c.yaml:2: lint.suppressions must be a list/],
      // Taking the last would drop the first list of suppressions without a word.
      ['with a repeated key', 'lint:\n  suppressions: [{rule: selector-overlap, reason: x}]\n  suppressions: []', /^c.yaml:3: YAML does not parse: Map keys must be unique/],
    ]
    for (const [name, text, error] of refused) {
      it(`refuses a file that is ${name}`, () => {
        const parsed = parseLintConfig(text, 'c.yaml')
        assert.ok(!parsed.ok)
        assert.match(parsed.error, error)
      })
    }

    it('accepts an empty file or one without a lint key', () => {
      for (const text of ['', '# nothing\n', 'migrate: {}\n']) {
        const parsed = parseLintConfig(text, 'c.yaml')
        assert.ok(parsed.ok)
        assert.deepEqual(parsed.config.suppressions, [])
      }
    })
  })

  it('isDate accepts real calendar dates only', () => {
    for (const d of ['2026-01-31', '2024-02-29', '2000-02-29']) assert.ok(isDate(d), d)
    for (const d of ['2026-02-29', '1900-02-29', '2026-13-01', '2026-1-1', '31/12/2026', '']) assert.ok(!isDate(d), d)
  })

  it('object patterns: * matches any run of characters, the rest is literal', () => {
    assert.ok(objectPatternMatches('Bucket/legacy/*', 'Bucket/legacy/archive'))
    assert.ok(objectPatternMatches('Bucket/*', 'Bucket/legacy/archive'))
    assert.ok(objectPatternMatches('IAMRoleSelector/team.a', 'IAMRoleSelector/team.a'))
    assert.ok(!objectPatternMatches('IAMRoleSelector/team.a', 'IAMRoleSelector/teamXa'))
    assert.ok(!objectPatternMatches('Bucket/legacy/*', 'Table/legacy/archive'))
    assert.ok(!objectPatternMatches('Bucket/legacy', 'Bucket/legacy/archive'))
  })

  describe('applied by the runner', () => {
    const file = 'fixtures/lint/rules/selector-version-pinned/trigger.yaml'
    const relevant = (r: {findings: Array<{rule: string; suppressed?: unknown}>}) =>
      r.findings.filter((f) => f.rule === 'selector-version-pinned' || f.rule.startsWith('suppression-')).map((f) => [f.rule, Boolean(f.suppressed)]).sort()
    const config = (entry: Record<string, string>) => ({suppressions: [{problems: [], location: {file: '.ackctl.yaml', line: 3}, ...entry}]})

    it('a config entry applies through its expiry day and not after', async () => {
      const entry = {rule: 'selector-version-pinned', object: 'IAMRoleSelector/pinned', reason: 'frozen', expires: '2026-06-01'}
      const onTheDay = await lintFiles([file], {config: config(entry), today: '2026-06-01'})
      assert.deepEqual(relevant(onTheDay), [['selector-version-pinned', true]])
      assert.equal(onTheDay.summary.suppressed, 1)
      assert.equal(onTheDay.summary.warnings, 1, 'selectors-without-gate only')
      const after = await lintFiles([file], {config: config(entry), today: '2026-06-02'})
      assert.deepEqual(relevant(after), [['selector-version-pinned', false], ['suppression-expired', false]])
    })

    it('an entry without an object suppresses the rule everywhere; one for another object does not', async () => {
      const everywhere = await lintFiles([file], {config: config({rule: 'selector-version-pinned', reason: 'not for us'})})
      assert.ok(everywhere.findings.find((f) => f.rule === 'selector-version-pinned')?.suppressed)
      const other = await lintFiles([file], {config: config({rule: 'selector-version-pinned', object: 'IAMRoleSelector/other', reason: 'x'})})
      assert.ok(!other.findings.find((f) => f.rule === 'selector-version-pinned')?.suppressed)
    })

    it('suppression findings themselves cannot be suppressed', async () => {
      const report = await lintFiles([file], {
        config: {suppressions: [
          {problems: [], location: {file: '.ackctl.yaml', line: 3}, rule: 'selector-version-pinned'},
          {problems: [], location: {file: '.ackctl.yaml', line: 5}, rule: 'suppression-invalid', reason: 'hide it'},
        ]},
      })
      const invalid = report.findings.filter((f) => f.rule === 'suppression-invalid')
      assert.deepEqual(invalid.map((f) => [f.message, Boolean(f.suppressed)]), [
        ['suppression of selector-version-pinned suppresses nothing: it has no reason', false],
        ['suppression of suppression-invalid suppresses nothing: rule suppression-invalid cannot be suppressed', false],
      ])
      assert.ok(!report.findings.find((f) => f.rule === 'selector-version-pinned')?.suppressed)
    })
  })
})
