import type {LintFinding, LintReport} from '../findings/verdict.js'
import type {RuleInfo} from '../findings/types.js'
import {objectName, ruleLink, type LintFormatter} from './lint-common.js'
import {jsonDocument} from './stream-text.js'

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json'
const LEVEL = {error: 'error', warning: 'warning', info: 'note'} as const

/** A file path as a SARIF URI: relative paths against `%SRCROOT%` (the checkout), absolute ones as file:// URIs. */
export function artifactLocation(file: string): {uri: string; uriBaseId?: string} {
  const slashed = file.replace(/\\/g, '/')
  const encoded = encodeURI(slashed).replace(/[?#]/g, (c) => encodeURIComponent(c))
  if (slashed.startsWith('/')) return {uri: `file://${encoded}`}
  return {uri: encoded.replace(/^\.\//, ''), uriBaseId: '%SRCROOT%'}
}

function pascal(id: string): string {
  return id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')
}

function sarifRule(rule: RuleInfo, docsUrl: string | undefined) {
  return {
    id: rule.id,
    name: pascal(rule.id),
    shortDescription: {text: rule.summary},
    fullDescription: {text: rule.description},
    help: {
      text: `${rule.remediation} See ${ruleLink(rule.id, docsUrl)}.`,
      markdown: `**Remediation:** ${rule.remediation}\n\nSee [${rule.id}](${ruleLink(rule.id, docsUrl)}).`,
    },
    ...(docsUrl ? {helpUri: ruleLink(rule.id, docsUrl)} : {}),
    defaultConfiguration: {level: LEVEL[rule.severity]},
    properties: {tags: ['ack', 'iam', 'kubernetes']},
  }
}

function locations(f: LintFinding) {
  const logical = f.object ? [{fullyQualifiedName: objectName(f.object), kind: 'resource'}] : undefined
  const physical = f.file !== undefined && f.file !== '-'
    ? {
      artifactLocation: artifactLocation(f.file),
      ...(f.line !== undefined ? {region: {startLine: f.line, ...(f.column !== undefined ? {startColumn: f.column} : {})}} : {}),
    }
    : undefined
  if (!logical && !physical) return undefined
  return [{...(physical ? {physicalLocation: physical} : {}), ...(logical ? {logicalLocations: logical} : {})}]
}

function suppressions(f: LintFinding) {
  const s = f.suppressed
  if (!s) return undefined
  const [file, line] = s.kind === 'config' ? splitSource(s.source) : [undefined, undefined]
  return [{
    kind: s.kind === 'annotation' ? 'inSource' : 'external',
    status: 'accepted',
    justification: s.reason,
    ...(file ? {location: {physicalLocation: {artifactLocation: artifactLocation(file), ...(line ? {region: {startLine: line}} : {})}}} : {}),
    ...(s.expires ? {properties: {expires: s.expires}} : {}),
  }]
}

function splitSource(source: string): [string | undefined, number | undefined] {
  const m = /^(.*):(\d+)$/.exec(source)
  return m ? [m[1], Number(m[2])] : [undefined, undefined]
}

/**
 * SARIF 2.1.0: the rule catalog in `tool.driver.rules`, one result per finding with file, line and
 * column (or the logical location `Kind/namespace/name` for live objects), suppressed findings
 * with `suppressions` (annotation = inSource, config file = external). No timestamps or run times.
 */
export function lintSarif(report: LintReport, toolVersion: string, docsUrl?: string): Record<string, unknown> {
  return sarifLog(report, toolVersion, docsUrl, [...sarifResults(report)])
}

/**
 * The same log as text pieces (`JSON.stringify(log, null, 2)` and a newline): its results are made
 * one at a time as they are written (`runs[0].results` is the fourth level), and no string holds
 * the whole log.
 */
export const lintSarifPieces: LintFormatter = (report, {toolVersion, docsUrl}) =>
  jsonDocument(sarifLog(report, toolVersion, docsUrl, sarifResults(report)), 4)

function sarifLog(report: LintReport, toolVersion: string, docsUrl: string | undefined, results: Iterable<unknown>): Record<string, unknown> {
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{
      tool: {driver: {name: 'ackctl', version: toolVersion, ...(docsUrl ? {informationUri: docsUrl} : {}), rules: report.rules.map((r) => sarifRule(r, docsUrl))}},
      columnKind: 'unicodeCodePoints',
      results,
    }],
  }
}

function* sarifResults(report: LintReport): Generator<Record<string, unknown>> {
  const index = new Map(report.rules.map((r, i) => [r.id, i]))
  for (const f of report.findings) {
    const locs = locations(f)
    const supp = suppressions(f)
    const ruleIndex = index.get(f.rule)
    yield {
      ruleId: f.rule,
      ...(ruleIndex !== undefined ? {ruleIndex} : {}),
      level: LEVEL[f.severity],
      message: {text: f.message},
      ...(locs ? {locations: locs} : {}),
      partialFingerprints: {'ackctlFinding/v1': `${f.rule}|${objectName(f.object) || f.file || ''}|${f.message}`},
      ...(supp ? {suppressions: supp} : {}),
    }
  }
}
