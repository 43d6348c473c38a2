import {strict as assert} from 'node:assert'
import {readdirSync} from 'node:fs'
import {join} from 'node:path'

import {RULES} from '../../src/findings/catalog.js'
import {REPO_ROOT} from '../support/vectors.js'
import {lintFixture, readHeader} from './support.js'

const FIXTURES = join(REPO_ROOT, 'fixtures', 'lint', 'rules')

describe('lint rules: trigger and near-miss fixtures', () => {
  for (const rule of RULES) {
    describe(rule.id, () => {
      const dir = join(FIXTURES, rule.id)
      const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && !f.endsWith('.ackctl.yaml')).sort()
      const triggers = files.filter((f) => f.startsWith('trigger'))
      const nearMisses = files.filter((f) => f.startsWith('near-miss'))

      it('has at least one trigger and one near-miss fixture', () => {
        assert.ok(triggers.length > 0, `no fixtures/lint/rules/${rule.id}/trigger*.yaml`)
        assert.ok(nearMisses.length > 0, `no fixtures/lint/rules/${rule.id}/near-miss*.yaml`)
      })

      for (const file of triggers) {
        it(`${file} triggers it`, async () => {
          const path = join(dir, file)
          const header = readHeader(path)
          const report = await lintFixture(path)
          const hits = report.findings.filter((f) => f.rule === rule.id)
          const all = report.findings.map((f) => `${f.rule}: ${f.message}`).join('\n')
          if (header.expect === undefined) assert.ok(hits.length > 0, `no ${rule.id} finding; got:\n${all}`)
          else assert.equal(hits.length, header.expect, `expected ${header.expect} ${rule.id} findings; got:\n${all}`)
          for (const hit of hits) {
            assert.equal(hit.severity, rule.severity)
            assert.ok(!hit.suppressed, `${rule.id} finding is suppressed`)
          }
          for (const text of header.messages) {
            assert.ok(hits.some((h) => h.message.includes(text)), `no ${rule.id} finding contains\n  ${text}\ngot:\n${hits.map((h) => `  ${h.message}`).join('\n')}`)
          }
        })
      }

      for (const file of nearMisses) {
        it(`${file} does not trigger it`, async () => {
          const report = await lintFixture(join(dir, file))
          const hits = report.findings.filter((f) => f.rule === rule.id)
          assert.deepEqual(hits.map((h) => h.message), [], `unexpected ${rule.id} finding`)
        })
      }
    })
  }
})
