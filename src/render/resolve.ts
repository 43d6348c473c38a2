import {serviceAliasOf, splitApiVersion} from '../ack/api-group.js'
import {resolutionKey} from '../ack/resolver.js'
import {traceOf, type KindCell, type ResolveReport, type ResourceResult} from '../ack/report.js'
import {formatObserved} from '../ack/observed.js'
import type {Finding, Outcome} from '../core/types.js'
import {sortFindings} from '../findings/order.js'
import {findingsMarkdownLines, findingsTableLines} from './findings.js'
import {routingMermaid} from './graph.js'
import {indentedElements, JSON_ELEMENTS, type WritesJsonElements} from './stream-text.js'
import {NO_PAINT, type Paint} from './paint.js'
import {columnWidths, foldText, linePieces, markdownTableLines, plainTableLines, type Column} from './table.js'

/** The documented JSON contract of `ackctl resolve -o json` / `--json`. */
export interface ResolveJson {
  resources: Array<Record<string, unknown>>
  namespaces: ResolveReport['namespaces']
  findings: Finding[]
  controllers: Array<Record<string, unknown>>
  summary: {resources: number; byOutcome: Partial<Record<Outcome, number>>; complete: boolean}
}

/**
 * A finding about an object names the object, not a file position, in resolve's output: live and file
 * input then give byte-identical reports (lint keeps file, line and column for annotations in CI).
 */
function byObject<F extends Finding>(f: F): F {
  if (!f.object || f.file === undefined) return f
  const {file: _file, line: _line, column: _column, ...rest} = f
  void _file, void _line, void _column
  return rest as F
}

/** Findings as resolve shows them: by object, in an order that does not depend on where the input came from. */
const forReport = <F extends Finding>(findings: F[]): F[] => sortFindings(findings.map(byObject))

/** The fields resourceJson places first, in this order, or leaves out (trace, location). */
const HEAD_FIELDS = new Set(['trace', 'location', 'apiVersion', 'kind', 'namespace', 'name', 'outcome', 'roleARN', 'accountID', 'source', 'selector', 'region', 'error'])

/**
 * One resource of the JSON contract: the head fields in a fixed order, then the others in the order
 * the resolver set them, then the explanation. Built field by field: destructuring the rest of a
 * result and spreading it back measured three times slower, 200k times over.
 */
function resourceJson(report: ResolveReport, r: ResourceResult): Record<string, unknown> {
  const out: Record<string, unknown> = {
    apiVersion: r.apiVersion, kind: r.kind, namespace: r.namespace, name: r.name, outcome: r.outcome, roleARN: r.roleARN, accountID: r.accountID, source: r.source,
  }
  if (r.selector !== undefined) out.selector = r.selector
  out.region = r.region
  if (r.error !== undefined) out.error = r.error
  for (const key in r) if (!HEAD_FIELDS.has(key)) out[key] = r[key as keyof ResourceResult]
  out.explain = traceOf(report, r).map((t) => `${t.step}: ${t.detail}`)
  return out
}

/** Distinct resolutions kept at once by resourceTexts (within one namespace; emptied when full). */
const TAILS_KEPT = 1024

/**
 * Each resource's JSON text (as `JSON.stringify(…, null, 2)` writes it `level` levels deep) for the
 * streamed `-o json`: resources that the controller resolves alike (resolutionKey: same namespace,
 * kind, status and matching selectors) have the same text after their name, explanation included.
 * That text is made for the first of them and reused for the next: at 200k resources, stringifying
 * each entry and rebuilding its explanation was most of the time of `resolve -o json`. A resource
 * with conditions (its `observed` part reads them) is always written in full.
 */
function* resourceTexts(report: ResolveReport, level: number): Generator<string> {
  const pad = ' '.repeat(2 * level + 2)
  const sources = report.explainer?.sources
  const tails = new Map<string, string>()
  let namespace: string | undefined
  for (const r of report.resources) {
    const source = sources?.get(r)
    const key = source !== undefined && source.conditions.length === 0 ? resolutionKey(source, r) : undefined
    if (r.namespace !== namespace || tails.size === TAILS_KEPT) {
      tails.clear()
      namespace = r.namespace
    }
    const head = `{\n${pad}"apiVersion": ${JSON.stringify(r.apiVersion)},\n${pad}"kind": ${JSON.stringify(r.kind)},\n${pad}"namespace": ${
      JSON.stringify(r.namespace)},\n${pad}"name": ${JSON.stringify(r.name)}`
    const tail = key === undefined ? undefined : tails.get(key)
    if (tail !== undefined) {
      yield head + tail
      continue
    }
    const text = indentedElements([resourceJson(report, r)], level)
    if (key !== undefined && text.startsWith(head)) tails.set(key, text.slice(head.length))
    yield text
  }
}

/** Report -> JSON contract. Locations of resources are left out so live and file input give identical output. */
export function resolveJson(report: ResolveReport): ResolveJson {
  return {...resolveJsonStream(report), resources: report.resources.map((r) => resourceJson(report, r))}
}

/**
 * The same document with `resources` as a lazy sequence, for the streamed writers: each entry (and
 * its explanation strings) exists only while it is written, never all of them at once.
 */
export function resolveJsonStream(report: ResolveReport): Omit<ResolveJson, 'resources'> & {resources: Iterable<Record<string, unknown>> & WritesJsonElements} {
  const byOutcome: Partial<Record<Outcome, number>> = {}
  for (const r of report.resources) byOutcome[r.outcome] = (byOutcome[r.outcome] ?? 0) + 1
  return {
    resources: {
      * [Symbol.iterator]() {
        for (const r of report.resources) yield resourceJson(report, r)
      },
      [JSON_ELEMENTS]: (level: number) => resourceTexts(report, level),
    },
    namespaces: report.namespaces,
    findings: forReport(report.findings),
    controllers: report.controllers.map((c) => ({
      serviceAlias: c.serviceAlias, accountID: c.settings.accountID, region: c.settings.region, enableCARM: c.settings.enableCARM,
      featureGates: c.settings.featureGates, watchNamespace: c.settings.watchNamespace, ackSystemNamespace: c.settings.ackSystemNamespace,
      carm: c.carm, iamRoleSelector: c.iamRoleSelector, ...(c.startupError ? {startupError: c.startupError} : {}),
      ...(c.settings.capability ? {eksCapability: c.settings.capability} : {}),
    })),
    summary: {resources: report.resources.length, byOutcome, complete: report.complete},
  }
}

const SHORT: Record<Outcome, string> = {
  ASSUME_ROLE: 'ASSUME_ROLE', DEFAULT_CREDENTIALS: 'DEFAULT', REQUEUE_IAM_ROLE_UNAVAILABLE: 'REQUEUE',
  RECONCILE_ERROR: 'ERROR', DRIFT_ERROR: 'DRIFT', STARTUP_ERROR: 'NO_START', NOT_RECONCILED: 'UNWATCHED',
}

function paintOutcome(outcome: Outcome, text: string, paint: Paint): string {
  if (outcome === 'ASSUME_ROLE') return paint.ok(text)
  if (outcome === 'DEFAULT_CREDENTIALS') return paint.dim(text)
  if (outcome === 'NOT_RECONCILED') return paint.warn(text)
  return paint.bad(text)
}

const roleOrError = (r: {outcome: Outcome; roleARN: string; error?: string; defaultRoleARN?: string}) =>
  r.error !== undefined ? r.error.trimEnd() : r.roleARN !== '' ? r.roleARN
    : r.defaultRoleARN ? `${r.defaultRoleARN} (EKS capability role)` : '(controller default credentials)'

const via = (r: {source: string; selector?: string; conflictingSelectors?: string[]}) =>
  r.conflictingSelectors ? `iamroleselector ${r.conflictingSelectors.join(',')}` : r.selector ? `${r.source} ${r.selector}` : r.source

/** A role as the matrix shows it, `ack-data (222222222222)`: what a narrow terminal has room for. */
const compactRole = (r: ResourceResult) => {
  if (r.error !== undefined || (r.roleARN === '' && !r.defaultRoleARN)) return roleOrError(r)
  const arn = r.roleARN || r.defaultRoleARN!
  return `${arn.slice(arn.lastIndexOf('/') + 1)} (${r.accountID || arn.split(':')[4]})${r.roleARN === '' ? ' capability' : ''}`
}

/** `compact`: a terminal too narrow for the full rows gets short outcomes and roles (the legend explains both). */
function resourceColumns(wide: boolean, paint: Paint, compact = false): Column<ResourceResult>[] {
  const cols: Column<ResourceResult>[] = [
    {header: 'NAMESPACE', value: (r) => r.namespace},
    {header: 'KIND', value: (r) => (wide ? `${r.kind}.${splitApiVersion(r.apiVersion).group}` : r.kind)},
    {header: 'NAME', value: (r) => r.name},
    {header: 'OUTCOME', value: (r) => paintOutcome(r.outcome, compact ? SHORT[r.outcome] : r.outcome, paint)},
    {header: 'ROLE / ERROR', value: compact ? compactRole : roleOrError},
    {header: 'VIA', value: via},
  ]
  if (wide) {
    cols.push(
      {header: 'ACCOUNT', value: (r) => r.accountID},
      {header: 'REGION', value: (r) => r.region},
      {header: 'ENDPOINT', value: (r) => r.endpoint},
      {header: 'OBSERVED', value: (r) => (r.observed ? formatObserved(r.observed) : '-')},
    )
  }
  return cols
}

/** Narrowest VIA and ROLE / ERROR of a compact row: below that, VIA is left out and ROLE / ERROR takes its room. */
const NARROWEST_VIA = 8
const NARROWEST_ROLE = 27
/** ROLE / ERROR gives way to this width first, so that VIA stays whole where there is room for both. */
const ROOMY_ROLE = 40

/**
 * The resource table's lines; on a terminal of `width` columns, rows that do not fit turn compact,
 * then ROLE / ERROR and VIA are cut; on a terminal too narrow for both (80 columns), VIA is left out
 * (a line under the table says so). Widths are measured first, so the table is laid out once.
 */
function* resourceTableLines(rows: ResourceResult[], wide: boolean, paint: Paint, width?: number): Generator<string> {
  const full = resourceColumns(wide, paint)
  if (width === undefined || columnWidths(full, rows).total <= width) return yield* plainTableLines(full, rows)
  const compact = resourceColumns(wide, paint, true)
  const {widths} = columnWidths(compact, rows)
  const before = widths.slice(0, 4).reduce((a, b) => a + b, 0) + 3 * 4
  if (width - before >= NARROWEST_ROLE + 3 + Math.min(widths[5], NARROWEST_VIA)) {
    return yield* plainTableLines(compact, rows, undefined, {width, shrink: [[4, ROOMY_ROLE], [5, NARROWEST_VIA], [4, NARROWEST_ROLE]]})
  }
  yield* plainTableLines(compact.slice(0, 5), rows, undefined, {width, shrink: [[4, 12]]})
  yield paint.dim(foldText('VIA (the CARM key or selector that decides) is left out at this width: -o wide, or a pipe, shows every column whole', width))
}

/** The cell of the namespace matrix: role name and account, `default`, or the failing outcome. */
function cellText(c: KindCell, paint: Paint): string {
  if (c.outcome === 'ASSUME_ROLE') {
    const role = c.roleARN.slice(c.roleARN.lastIndexOf('/') + 1) || c.roleARN
    return paint.ok(`${role} (${c.accountID})`)
  }
  if (c.outcome === 'DEFAULT_CREDENTIALS') return paint.dim(c.defaultRoleARN ? 'capability' : 'default')
  return paintOutcome(c.outcome, SHORT[c.outcome], paint)
}

function matrix(report: ResolveReport, paint: Paint, kindHeader: (c: KindCell) => string): {columns: Column<ResolveReport['namespaces'][number]>[]} {
  const first = report.namespaces[0]?.kinds ?? []
  return {
    columns: [
      {header: 'NAMESPACE', value: (n) => n.name},
      ...first.map((k, i) => ({header: kindHeader(k), value: (n: ResolveReport['namespaces'][number]) => cellText(n.kinds[i], paint)})),
    ],
  }
}

/** Human table: resources, then the namespace coverage matrix, then findings. */
/**
 * `width`: the terminal's width; ROLE / ERROR, VIA and the findings' MESSAGE are cut to fit it
 * (`…`). Without it (a pipe, a file, -o wide) every cell is whole.
 */
export function resolveTable(report: ResolveReport, opts: ResolveTableOptions = {}): string {
  return [...resolveTablePieces(report, opts)].join('')
}

interface ResolveTableOptions {
  wide?: boolean
  paint?: Paint
  filtered?: boolean
  width?: number
}

/** resolveTable as text pieces of a few hundred lines: the default output of a large cluster is streamed, never one string. */
export function resolveTablePieces(report: ResolveReport, opts: ResolveTableOptions = {}): Generator<string> {
  return linePieces(resolveTableLines(report, opts))
}

function* resolveTableLines(report: ResolveReport, opts: ResolveTableOptions): Generator<string> {
  const paint = opts.paint ?? NO_PAINT
  yield paint.bold('RESOURCES')
  if (report.resources.length === 0) yield opts.filtered ? '(no ACK resources match -n/--kind; see stderr for what the input holds)' : '(no ACK resources in the input)'
  else yield* resourceTableLines(report.resources, opts.wide ?? false, paint, opts.width)
  yield ''
  yield paint.bold('NAMESPACES (a new, unlabelled resource of each installed kind)')
  if (report.namespaces.length === 0 || report.namespaces[0].kinds.length === 0) {
    yield report.namespaces.length === 0 ? '(no Namespaces in the input)' : '(no ACK kinds installed: no CRDs or resources in the input)'
  } else {
    yield* plainTableLines(matrix(report, paint, (k) => `${k.kind.toUpperCase()}.${serviceAliasOf(k.group)}`).columns, report.namespaces)
    const defaults = report.controllers.some((c) => c.settings.capability) ? 'capability = the EKS capability role' : 'default = controller credentials'
    const legend = `role (account) = sts:AssumeRole; ${defaults}; REQUEUE/ERROR/DRIFT/NO_START = predicted failure; UNWATCHED = outside --watch-namespace, never reconciled`
    yield paint.dim(opts.width ? foldText(legend, opts.width) : legend)
  }
  yield ''
  yield paint.bold('FINDINGS')
  if (report.findings.length === 0) yield '(none)'
  else yield* findingsTableLines(forReport(report.findings), opts.width)
  if (!report.complete) {
    yield ''
    yield paint.warn('The input is incomplete: some collections could not be read (see findings).')
  }
}

/** The report as Markdown, 512 lines a piece: a large cluster's tables are more text than one string may hold. */
export function resolveMarkdownPieces(report: ResolveReport): Generator<string> {
  return linePieces(markdownLines(report))
}

function* markdownLines(report: ResolveReport): Generator<string> {
  yield* ['## Resources', '']
  if (report.resources.length === 0) yield '_No ACK resources in the input._'
  else yield* markdownTableLines(resourceColumns(true, NO_PAINT), report.resources)
  yield* ['', '## Namespaces', '']
  if (report.namespaces.length === 0 || report.namespaces[0].kinds.length === 0) yield '_Nothing to show._'
  else yield* markdownTableLines(matrix(report, NO_PAINT, (k) => `${k.kind}.${k.group}`).columns, report.namespaces)
  if (report.namespaces.some((n) => n.kinds.length > 0)) yield* ['', '## Routing', '', '```mermaid', routingMermaid(report).trimEnd(), '```']
  yield* ['', '## Findings', '']
  if (report.findings.length === 0) yield '_None._'
  else yield* findingsMarkdownLines(forReport(report.findings))
}

/** `--explain`: the controller's steps for one resource, in its order. */
export function resolveExplain(report: Pick<ResolveReport, 'explainer'>, r: ResourceResult, paint: Paint = NO_PAINT): string {
  const lines = [
    paint.bold(`${r.kind} ${r.namespace}/${r.name} (${r.apiVersion})`),
    `outcome: ${paintOutcome(r.outcome, r.outcome, paint)}`,
    `role:    ${roleOrError(r)}`,
  ]
  if (r.error !== undefined) lines.push(`error:   ${JSON.stringify(r.error)}`)
  lines.push('', 'steps, in the controller\'s order:')
  traceOf(report, r).forEach((t, i) => lines.push(`  ${i + 1}. [${t.step}] ${t.detail}`))
  if (r.conditions) {
    lines.push('', 'conditions the controller writes:')
    for (const c of r.conditions) lines.push(`  ${c.type}=${c.status} message=${JSON.stringify(c.message ?? '')} reason=${JSON.stringify(c.reason ?? '')}`)
  }
  if (r.requeueAfterSeconds) lines.push(`requeue after ${r.requeueAfterSeconds}s`)
  return lines.join('\n') + '\n'
}
