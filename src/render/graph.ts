import type {ResolveReport} from '../ack/report.js'
import {compareStrings} from '../core/values.js'
import {FAILING_OUTCOMES} from '../core/types.js'

/**
 * The routing of a report as a graph people can look at: namespaces -> the rule that decides (CARM key
 * or selector) -> role -> account, with failures marked. Namespaces that route the same way are one
 * node (their names listed, at most a few), so hundreds of namespaces stay readable: the graph grows
 * with the number of distinct routes, not with namespaces or resources.
 */
interface Route {
  rule: string
  role: string
  account: string
  failure?: string
  namespaces: Set<string>
  kinds: Set<string>
}

const MAX_NAMES = 4

function routes(report: ResolveReport): Route[] {
  const byKey = new Map<string, Route>()
  for (const ns of report.namespaces) {
    for (const c of ns.kinds) {
      const failing = FAILING_OUTCOMES.has(c.outcome) || c.outcome === 'NOT_RECONCILED'
      const rule = c.selector ? `${c.source} ${c.selector}` : c.source
      const role = failing ? '' : c.roleARN === '' ? (c.defaultRoleARN ? `capability role ${c.defaultRoleARN.slice(c.defaultRoleARN.lastIndexOf('/') + 1)}` : 'default credentials') : c.roleARN.slice(c.roleARN.lastIndexOf('/') + 1)
      const failure = failing ? `${c.outcome}: ${(c.error ?? '').trimEnd()}` : undefined
      const key = `${rule}\u0000${role}\u0000${c.accountID}\u0000${failure ?? ''}`
      const r = byKey.get(key) ?? {rule, role, account: c.accountID, ...(failure ? {failure} : {}), namespaces: new Set<string>(), kinds: new Set<string>()}
      r.namespaces.add(ns.name)
      r.kinds.add(c.kind)
      byKey.set(key, r)
    }
  }
  return [...byKey.values()].sort((a, b) => compareStrings(a.account, b.account) || compareStrings(a.role, b.role) || compareStrings(a.rule, b.rule) || compareStrings(a.failure ?? '', b.failure ?? ''))
}

const names = (set: Set<string>) => {
  const all = [...set].sort(compareStrings)
  return all.length <= MAX_NAMES ? all.join(', ') : `${all.slice(0, MAX_NAMES).join(', ')} +${all.length - MAX_NAMES} more`
}
const nsLabel = (r: Route) => `${r.namespaces.size} namespace${r.namespaces.size === 1 ? '' : 's'}: ${names(r.namespaces)} (${[...r.kinds].sort(compareStrings).join(', ')})`
const clip = (s: string, n = 80) => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

/** A stable id per distinct label. */
function ids(prefix: string) {
  const map = new Map<string, string>()
  return (label: string) => {
    let id = map.get(label)
    if (!id) map.set(label, (id = `${prefix}${map.size + 1}`))
    return id
  }
}

/** Mermaid `flowchart LR` (GitHub renders it in Markdown). */
export function routingMermaid(report: ResolveReport): string {
  const q = (s: string) => `"${s.replace(/"/g, '#quot;')}"`
  const rs = routes(report)
  const ns = ids('n')
  const rule = ids('r')
  const role = ids('i')
  const fail = ids('x')
  const lines = ['flowchart LR']
  const accounts = [...new Set(rs.filter((r) => !r.failure).map((r) => r.account))].sort(compareStrings)
  for (const account of accounts) {
    lines.push(`  subgraph acct_${account || 'unknown'}[${q(`account ${account || 'unknown'}`)}]`)
    for (const name of new Set(rs.filter((x) => !x.failure && x.account === account).map((x) => x.role))) lines.push(`    ${role(`${name}\u0000${account}`)}[${q(name)}]`)
    lines.push('  end')
  }
  // One rule node per route: a CARM key or selector that serves some namespaces and fails others is drawn twice.
  rs.forEach((r, i) => {
    const n = ns(nsLabel(r))
    const ru = rule(`${r.rule}\u0000${i}`)
    lines.push(`  ${n}[${q(nsLabel(r))}] --> ${ru}[${q(r.rule)}]`)
    if (r.failure) lines.push(`  ${ru} --> ${fail(r.failure)}[${q(clip(r.failure))}]:::fail`)
    else lines.push(`  ${ru} --> ${role(`${r.role}\u0000${r.account}`)}`)
  })
  lines.push('  classDef fail fill:#fdd,stroke:#c00,color:#900')
  return lines.join('\n') + '\n'
}

/** Graphviz `dot`, one cluster per account. */
export function routingDot(report: ResolveReport): string {
  const q = (s: string) => JSON.stringify(s)
  const rs = routes(report)
  const lines = ['digraph ackctl {', '  rankdir=LR;', '  node [shape=box];']
  const accounts = [...new Set(rs.filter((r) => !r.failure).map((r) => r.account))].sort(compareStrings)
  accounts.forEach((account, i) => {
    lines.push(`  subgraph cluster_${i} {`, `    label=${q(`account ${account || 'unknown'}`)};`)
    for (const role of new Set(rs.filter((x) => !x.failure && x.account === account).map((x) => x.role))) lines.push(`    ${q(`role:${account}:${role}`)} [label=${q(role)}];`)
    lines.push('  }')
  })
  rs.forEach((r, i) => {
    const ruleId = q(`rule:${i}:${r.rule}`)
    lines.push(`  ${q(`ns:${nsLabel(r)}`)} [label=${q(nsLabel(r))}];`, `  ${ruleId} [label=${q(r.rule)}, shape=ellipse];`)
    lines.push(`  ${q(`ns:${nsLabel(r)}`)} -> ${ruleId};`)
    if (r.failure) lines.push(`  ${q(`fail:${r.failure}`)} [label=${q(clip(r.failure))}, color=red, fontcolor=red];`, `  ${ruleId} -> ${q(`fail:${r.failure}`)};`)
    else lines.push(`  ${ruleId} -> ${q(`role:${r.account}:${r.role}`)};`)
  })
  lines.push('}')
  return lines.join('\n') + '\n'
}
