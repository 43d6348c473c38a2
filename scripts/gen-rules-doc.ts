/**
 * Regenerates docs/rules.md from the lint catalog (src/findings/catalog.ts).
 * Run: node --import tsx scripts/gen-rules-doc.ts   (test/findings/catalog.test.ts fails when the file is stale)
 */
import {writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {rulesMarkdown} from '../src/render/lint-rules-doc.js'
import {ruleCatalog} from '../src/findings/catalog.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
writeFileSync(join(root, 'docs', 'rules.md'), rulesMarkdown(ruleCatalog()))
console.log('wrote docs/rules.md')
