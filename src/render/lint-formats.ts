import type {LintFormatter} from './lint-common.js'
import {lintGithub} from './lint-github.js'
import {lintJsonPieces} from './lint-json.js'
import {lintJunit} from './lint-junit.js'
import {lintMarkdown} from './lint-markdown.js'
import {lintSarifPieces} from './lint-sarif.js'
import {lintText} from './lint-text.js'

export {lintOutput, type LintFormatter, type LintRenderOptions} from './lint-common.js'

/** Every `ackctl lint --format`, all implementing the same contract, all streamed. */
export const LINT_FORMATS = {
  text: lintText,
  json: lintJsonPieces,
  sarif: lintSarifPieces,
  github: lintGithub,
  junit: lintJunit,
  markdown: lintMarkdown,
} as const satisfies Record<string, LintFormatter>

export type LintFormat = keyof typeof LINT_FORMATS
