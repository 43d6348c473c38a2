import {strict as assert} from 'node:assert'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {rulesMarkdown} from '../../src/render/lint-rules-doc.js'
import {RULES, ruleCatalog} from '../../src/findings/catalog.js'
import {REPO_ROOT} from '../support/vectors.js'

/** The ids the issue promises, with their severities: changing one is a breaking change for users' CI. */
const PROMISED: Record<string, string> = {
  'selector-conflict': 'error', 'selector-overlap': 'warning', 'selector-ignored': 'error', 'selector-pruned-field': 'error',
  'selector-short-group': 'error', 'selector-version-pinned': 'warning', 'selector-no-match': 'warning',
  'selectors-without-gate': 'warning', 'gate-carm-conflict': 'error', 'carm-missing-entry': 'error', 'carm-invalid-arn': 'error',
  'carm-account-mismatch': 'warning', 'carm-map-wrong-namespace': 'error', 'carm-team-without-gate': 'warning',
  'carm-single-watch-namespace': 'warning', 'default-credentials-fallback': 'warning', 'account-drift': 'error', 'input-invalid': 'error',
}

describe('lint rule catalog', () => {
  it('has every promised id with its severity', () => {
    const bySeverity = Object.fromEntries(RULES.map((r) => [r.id, r.severity]))
    for (const [id, severity] of Object.entries(PROMISED)) assert.equal(bySeverity[id], severity, id)
  })

  it('ids are unique kebab-case; every rule has a summary, a description and a remediation', () => {
    const ids = RULES.map((r) => r.id)
    assert.equal(new Set(ids).size, ids.length)
    for (const r of RULES) {
      assert.match(r.id, /^[a-z]+(-[a-z]+)*$/)
      assert.ok(r.summary.length > 20 && r.description.length > 60 && r.remediation.length > 20, r.id)
    }
  })

  it('docs/rules.md is generated from the catalog and up to date (node --import tsx scripts/gen-rules-doc.ts)', () => {
    const onDisk = readFileSync(join(REPO_ROOT, 'docs', 'rules.md'), 'utf8')
    assert.equal(onDisk, rulesMarkdown(ruleCatalog()), 'docs/rules.md is stale: run node --import tsx scripts/gen-rules-doc.ts')
    for (const r of RULES) assert.ok(onDisk.includes(`\n## ${r.id}\n`), `docs/rules.md has a section for ${r.id}`)
  })
})

describe('README lint section', () => {
  it('names every rule id and links docs/rules.md', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('<!-- BEGIN:lint -->'), readme.indexOf('<!-- END:lint -->'))
    assert.ok(section.includes('(docs/rules.md)'))
    for (const r of RULES) assert.ok(section.includes(`\`${r.id}\``), `README lint section lacks ${r.id}`)
  })
})
