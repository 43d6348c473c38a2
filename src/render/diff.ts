import {CHANGE_KINDS, type ChangeKind, type RoutingChange, type RoutingDiff, type Routing} from '../diff/routing.js'
import {budgetFor, fitTable, type ByteBudget} from './markdown-fit.js'
import {columnWidths, foldText, linePieces, markdownTableLines, plainTableLines, type Column} from './table.js'

/** The documented JSON contract of `ackctl diff -o json`. */
export interface DiffJson {
  changes: Array<{change: ChangeKind; subject: string; namespace: string; group: string; kind: string; name?: string; before?: Routing; after?: Routing}>
  summary: {counts: Partial<Record<ChangeKind, number>>; regressions: number; sentences: string[]}
}

const TITLE: Record<ChangeKind, string> = {
  'new-failure': 'New failures', fallback: 'New fall-backs to the controller\'s own credentials', 'account-move': 'Moves between accounts',
  'role-change': 'Other role changes', 'failure-changed': 'Failures that change', fixed: 'Fixed failures', added: 'New resources', removed: 'Removed resources',
}

const subjectText = (c: RoutingChange) => (c.subject === 'resource' ? `${c.resourceKind} ${c.namespace}/${c.name}` : `new ${c.resourceKind} in ${c.namespace}`)

/** `ack-data (222222222222) via data-team`: the role's name, its account and the rule that chose it. */
const roleText = (r: Routing) => `${r.roleARN.slice(r.roleARN.lastIndexOf('/') + 1)} (${r.accountID})${r.selector ? ` via ${r.selector}` : ` via ${r.source}`}`

/**
 * `ack-data (222222222222) via data-team`, `default credentials (999999999999)`, `REQUEUE: retrieving ...`;
 * a failure that comes after a role was chosen (drift) names that role too, so a failure whose role
 * changes does not read the same on both sides.
 */
export function routingText(r: Routing | undefined): string {
  if (!r) return '-'
  if (r.outcome === 'ASSUME_ROLE') return roleText(r)
  if (r.outcome === 'DEFAULT_CREDENTIALS') {
    const role = r.defaultRoleARN ? `capability role ${r.defaultRoleARN.slice(r.defaultRoleARN.lastIndexOf('/') + 1)}` : 'default credentials'
    return `${role} (${r.accountID || 'unknown account'})`
  }
  return `${r.outcome}${r.roleARN ? ` with ${roleText(r)}` : ''}: ${r.error ?? ''}`
}

/** One sentence per kind of change, for the PR comment's headline. */
export function diffSentences(d: RoutingDiff): string[] {
  const out: string[] = []
  for (const kind of CHANGE_KINDS) {
    const items = d.changes.filter((c) => c.kind === kind)
    if (items.length === 0) continue
    const resources = items.filter((c) => c.subject === 'resource').length
    const cells = items.length - resources
    const what = [resources ? `${resources} resource${resources === 1 ? '' : 's'}` : '', cells ? `${cells} namespace x kind cell${cells === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ')
    const namespaces = [...new Set(items.map((c) => c.namespace))]
    const where = namespaces.length <= 3 ? ` in ${namespaces.join(', ')}` : ` in ${namespaces.length} namespaces`
    if (kind === 'account-move') {
      const moves = [...new Set(items.map((c) => `${c.before!.accountID} -> ${c.after!.accountID}`))]
      out.push(`${what}${where} move between accounts (${moves.join(', ')}).`)
    } else if (kind === 'fallback') {
      const accounts = [...new Set(items.map((c) => c.after!.accountID || 'unknown'))]
      const capability = [...new Set(items.flatMap((c) => (c.after!.defaultRoleARN ? [c.after!.defaultRoleARN] : [])))]
      const credentials = capability.length > 0 ? `the EKS capability role ${capability.join(', ')}` : 'the controller\'s own credentials'
      out.push(`${what}${where} fall back to ${credentials} (account ${accounts.join(', ')}).`)
    } else if (kind === 'new-failure') {
      const first = items[0]
      out.push(`${what}${where} start failing (e.g. ${subjectText(first)}: ${first.after!.outcome}).`)
    } else {
      out.push(`${what}${where}: ${TITLE[kind].toLowerCase()}.`)
    }
  }
  return out.length > 0 ? out : ['No change in role routing.']
}

export function diffJson(d: RoutingDiff): DiffJson {
  return {
    changes: d.changes.map((c) => ({
      change: c.kind, subject: c.subject, namespace: c.namespace, group: c.group, kind: c.resourceKind,
      ...(c.name === undefined ? {} : {name: c.name}), ...(c.before ? {before: c.before} : {}), ...(c.after ? {after: c.after} : {}),
    })),
    summary: {counts: d.counts, regressions: d.regressions, sentences: diffSentences(d)},
  }
}

const columns: Column<RoutingChange>[] = [
  {header: 'CHANGE', value: (c) => c.kind},
  {header: 'SUBJECT', value: subjectText},
  {header: 'BEFORE', value: (c) => routingText(c.before)},
  {header: 'AFTER', value: (c) => routingText(c.after)},
]

/**
 * The sentences, then a table of every change; 512 lines a piece (a large change lists every resource).
 * On a terminal of `width` columns, sentences fold and BEFORE and AFTER share what CHANGE and SUBJECT
 * leave, long texts ending in `…`; where that leaves either side under NARROWEST_SIDE, each change is a
 * block with its before and after folded under it (piped, every cell is whole).
 */
export function diffTablePieces(d: RoutingDiff, width?: number): Generator<string> {
  return linePieces(tableLines(d, width))
}

/** The narrowest BEFORE or AFTER on a terminal: a role and its account (`ack-data (222222222222)`). */
const NARROWEST_SIDE = 24

function* tableLines(d: RoutingDiff, width?: number): Generator<string> {
  for (const sentence of diffSentences(d)) yield* width === undefined ? [sentence] : foldText(sentence, width).split('\n')
  if (d.changes.length === 0) return
  yield ''
  if (width === undefined) return yield* plainTableLines(columns, d.changes)
  const {widths, total} = columnWidths(columns, d.changes)
  if (total <= width) return yield* plainTableLines(columns, d.changes)
  const side = Math.floor((width - widths[0] - widths[1] - 9) / 2)
  if (side >= NARROWEST_SIDE) return yield* plainTableLines(columns, d.changes, undefined, {width, shrink: [[3, side], [2, side]]})
  // Too narrow for two readable sides (80 columns): each change is a block, before and after folded under it.
  for (const c of d.changes) {
    yield foldText(`${c.kind} ${subjectText(c)}`, width)
    for (const [label, r] of [['before:', c.before], ['after: ', c.after]] as const) {
      yield* foldText(routingText(r), Math.max(width - 10, 20)).split('\n').map((line, i) => `  ${i === 0 ? label : '       '} ${line}`)
    }
  }
}

/**
 * For a pull-request comment or the GitHub job summary: sentences, one table per kind of change, and
 * (when given) the routing after the change as a Mermaid graph, which GitHub renders. With `limit`
 * (bytes of UTF-8), a text that would be longer keeps its sentences (they count every change) and
 * as many rows as fit, most dangerous first, and says how many it leaves out; the graph only when
 * every row fits.
 */
export function diffMarkdown(d: RoutingDiff, opts: {graph?: string; limit?: number} = {}): string {
  return [...diffMarkdownPieces(d, opts)].join('')
}

/** The same text, 512 lines a piece. */
export function diffMarkdownPieces(d: RoutingDiff, opts: {graph?: string; limit?: number} = {}): Generator<string> {
  return linePieces(diffLines(d, opts.graph, budgetFor(opts.limit, () => diffLines(d, opts.graph))))
}

function* diffLines(d: RoutingDiff, graph: string | undefined, budget?: ByteBudget): Generator<string> {
  const head = ['## ackctl diff: role routing', '', ...diffSentences(d).map((s) => `- ${s}`)]
  budget?.spend(head)
  yield* head
  const shown = {rows: 0}
  for (const kind of CHANGE_KINDS) {
    const items = d.changes.filter((c) => c.kind === kind)
    if (items.length === 0) continue
    if (!(yield* fitTable(['', `### ${TITLE[kind]} (${items.length})`, ''], markdownTableLines(columns.slice(1), items), budget, shown))) break
  }
  const drawing = graph && d.changes.length > 0 ? ['', '### Routing after the change', '', '```mermaid', graph.trimEnd(), '```'] : []
  if (shown.rows < d.changes.length) {
    yield* ['', `_${d.changes.length - shown.rows} of ${d.changes.length} changes are not shown (the text is cut at ${budget!.limit} bytes); \`ackctl diff -o json\` lists them all._`]
  } else if (!budget || budget.take(drawing)) {
    yield* drawing
  } else {
    yield* ['', `_The routing graph is left out (the text is cut at ${budget.limit} bytes); \`ackctl resolve -o mermaid\` draws it._`]
  }
}
