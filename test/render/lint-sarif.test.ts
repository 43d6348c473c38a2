import {strict as assert} from 'node:assert'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {Ajv} from 'ajv'
import addFormats from 'ajv-formats'

import {parseLintConfig} from '../../src/findings/config.js'
import type {LintReport} from '../../src/findings/verdict.js'
import {artifactLocation, lintSarif, lintSarifPieces} from '../../src/render/lint-sarif.js'
import {ruleCatalog} from '../../src/findings/catalog.js'
import {lintFiles} from '../findings/support.js'
import {NO_PAINT} from '../../src/render/paint.js'
import {REPO_ROOT} from '../support/vectors.js'

/** The vendored OASIS schema (draft-04): `id` becomes `$id` for ajv's default draft-07 dialect. */
function sarifValidator() {
  const {$schema: _draft, id, ...schema} = JSON.parse(readFileSync(join(REPO_ROOT, 'fixtures', 'lint', 'sarif-schema-2.1.0.json'), 'utf8'))
  const ajv = new Ajv({allErrors: true, strict: false})
  addFormats.default(ajv)
  return ajv.compile({...schema, $id: id})
}

async function scenario(): Promise<LintReport> {
  const configFile = join('fixtures', 'lint', 'scenario.ackctl.yaml')
  const parsed = parseLintConfig(readFileSync(join(REPO_ROOT, configFile), 'utf8'), configFile)
  if (!parsed.ok) throw new Error(parsed.error)
  return lintFiles([join('fixtures', 'lint', 'scenario')], {config: parsed.config})
}

describe('lint SARIF output', () => {
  const validate = sarifValidator()

  it('is valid against the SARIF 2.1.0 schema, with the rule catalog in tool.driver.rules', async () => {
    const report = await scenario()
    const sarif = JSON.parse(JSON.stringify(lintSarif(report, '1.2.3', 'https://github.com/example/ackctl/blob/HEAD/docs/rules.md')))
    assert.equal(validate(sarif), true, JSON.stringify(validate.errors, null, 2))
    const run = sarif.runs[0]
    assert.deepEqual(run.tool.driver.rules.map((r: {id: string}) => r.id), ruleCatalog().map((r) => r.id))
    assert.equal(run.tool.driver.rules[0].helpUri, 'https://github.com/example/ackctl/blob/HEAD/docs/rules.md#selector-conflict')
    for (const result of run.results) assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId)
    assert.equal(run.results.length, report.findings.length)
    assert.ok(!JSON.stringify(sarif).match(/"(startTimeUtc|endTimeUtc|timeUtc)"/), 'no times in the log')
  })

  it('the validator rejects a log that breaks the schema (the check can fail)', async () => {
    const sarif = JSON.parse(JSON.stringify(lintSarif(await scenario(), '1.2.3')))
    sarif.runs[0].results[0].level = 'fatal'
    assert.equal(validate(sarif), false)
    const noVersion = JSON.parse(JSON.stringify(lintSarif(await scenario(), '1.2.3')))
    delete noVersion.version
    assert.equal(validate(noVersion), false)
  })

  it('gives file, line and column for file findings and Kind/namespace/name for live objects; suppressions by kind', () => {
    const report: LintReport = {
      rules: ruleCatalog(),
      summary: {errors: 1, warnings: 0, infos: 0, suppressed: 2, failOn: 'error', failed: true, inputErrors: true, complete: true, objects: 2, skipped: 0},
      findings: [
        {rule: 'input-invalid', severity: 'error', message: 'YAML does not parse', file: 'deploy/a b.yaml', line: 3, column: 7},
        {
          rule: 'selector-conflict', severity: 'error', message: 'Bucket team-a/logs is matched by 2 IAMRoleSelectors',
          object: {apiVersion: 's3.services.k8s.aws/v1alpha1', kind: 'Bucket', namespace: 'team-a', name: 'logs'},
          suppressed: {kind: 'annotation', reason: 'known', source: 'ignore-check.ackctl.io/selector-conflict'},
        },
        {
          rule: 'selector-overlap', severity: 'warning', message: 'overlap', file: '/abs/selectors.yaml', line: 1,
          object: {apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', name: 'a'},
          suppressed: {kind: 'config', reason: 'later', source: '.ackctl.yaml:4', expires: '2030-01-01'},
        },
      ],
    }
    const sarif = JSON.parse(JSON.stringify(lintSarif(report, '1.2.3')))
    assert.equal(validate(sarif), true, JSON.stringify(validate.errors, null, 2))
    const [file, live, abs] = sarif.runs[0].results
    assert.deepEqual(file.locations, [{physicalLocation: {artifactLocation: {uri: 'deploy/a%20b.yaml', uriBaseId: '%SRCROOT%'}, region: {startLine: 3, startColumn: 7}}}])
    assert.deepEqual(live.locations, [{logicalLocations: [{fullyQualifiedName: 'Bucket/team-a/logs', kind: 'resource'}]}])
    assert.deepEqual(live.suppressions, [{kind: 'inSource', status: 'accepted', justification: 'known'}])
    assert.equal(abs.locations[0].physicalLocation.artifactLocation.uri, 'file:///abs/selectors.yaml')
    assert.equal(abs.suppressions[0].kind, 'external')
    assert.deepEqual(abs.suppressions[0].location.physicalLocation, {artifactLocation: {uri: '.ackctl.yaml', uriBaseId: '%SRCROOT%'}, region: {startLine: 4}})
    assert.equal(abs.level, 'warning')
  })

  it('maps paths to URIs', () => {
    assert.deepEqual(artifactLocation('./m/x.yaml'), {uri: 'm/x.yaml', uriBaseId: '%SRCROOT%'})
    assert.deepEqual(artifactLocation('m\\win.yaml'), {uri: 'm/win.yaml', uriBaseId: '%SRCROOT%'})
    assert.deepEqual(artifactLocation('m/#1?.yaml'), {uri: 'm/%231%3F.yaml', uriBaseId: '%SRCROOT%'})
  })

  it('is written in pieces, byte for byte the whole log, with no piece holding more than a batch of results', async () => {
    for (const report of [await scenario(), await lintFiles([join('fixtures', 'demo')]), await lintFiles([join('fixtures', 'lint', 'rules')])]) {
      const whole = JSON.stringify(lintSarif(report, '1.2.3', 'https://example.com/rules.md'), null, 2) + '\n'
      const pieces = [...lintSarifPieces(report, {toolVersion: '1.2.3', docsUrl: 'https://example.com/rules.md', paint: NO_PAINT})]
      assert.equal(pieces.join(''), whole)
      if (report.findings.length > 0) assert.ok(pieces.length > 3, `${pieces.length} pieces`)
    }
    // More results than one batch: more than one piece of results, the same text.
    const scenarioReport = await scenario()
    const many = {...scenarioReport, findings: Array.from({length: 300}, (_, i) => scenarioReport.findings[i % scenarioReport.findings.length])}
    const pieces = [...lintSarifPieces(many, {toolVersion: '1.2.3', paint: NO_PAINT})]
    assert.equal(pieces.join(''), JSON.stringify(lintSarif(many, '1.2.3'), null, 2) + '\n')
    assert.ok(pieces.filter((p) => p.includes('"ruleId"')).length >= 3)
  })
})
