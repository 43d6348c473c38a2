import {compareStrings} from '../core/values.js'
import {describeOutcome, kindText} from '../migrate/proof-notes.js'
import type {Difference, MigrationResult, OutcomeSummary} from '../migrate/types.js'
import {NO_PAINT, type Paint} from './paint.js'

/** A difference row; new-resource cells that differ the same way in one namespace are shown once. */
interface Row {
  verdict: Difference['verdict'] | 'starts-acting'
  subject: string
  before: string
  after: string
}

const outcomeText = (s: OutcomeSummary, fields: string[]) =>
  `${describeOutcome(s)}${s.conflictingSelectors ? ` [${s.conflictingSelectors.join(', ')}]` : s.selector ? ` via IAMRoleSelector ${s.selector}` : ''}` +
  (fields.includes('region') ? ` in region ${s.region || '""'}` : '') + (fields.includes('endpoint') ? ` via endpoint ${s.endpoint || '""'}` : '')

function rows(differences: Difference[]): Row[] {
  const cells = new Map<string, {d: Difference; kinds: string[]}>()
  const out: Row[] = []
  for (const d of differences) {
    const before = outcomeText(d.before, d.fields)
    const after = outcomeText(d.after, d.fields)
    const verdict = d.startsActing ? 'starts-acting' : d.verdict
    if (d.subject === 'resource') {
      out.push({verdict, subject: `${d.kind} ${d.namespace}/${d.name}`, before, after})
      continue
    }
    const key = `${verdict}\u0000${d.namespace}\u0000${before}\u0000${after}`
    const c = cells.get(key) ?? {d, kinds: []}
    c.kinds.push(kindText(d))
    cells.set(key, c)
  }
  for (const {d, kinds} of cells.values()) {
    out.push({verdict: d.startsActing ? 'starts-acting' : d.verdict, subject: `new ${kinds.sort(compareStrings).join(', ')} resources in Namespace ${d.namespace}`, before: outcomeText(d.before, d.fields), after: outcomeText(d.after, d.fields)})
  }
  const rank = (v: Row['verdict']) => (v === 'starts-acting' ? 0 : v === 'changed' ? 1 : 2)
  return out.sort((a, b) => (rank(a.verdict) - rank(b.verdict)) || compareStrings(a.subject, b.subject))
}

function headline(r: MigrationResult): string {
  const s = r.summary
  const selectors = `${s.selectors} IAMRoleSelector${s.selectors === 1 ? '' : 's'} for ${s.roles} role${s.roles === 1 ? '' : 's'}`
  return `ackctl migrate-carm: ${selectors} (strategy ${s.strategy}${s.strategy === 'labels' || r.labelChanges.length > 0 ? `, label key ${s.labelKey}` : ''})`
}

/** One sentence: equivalent or not, with the counts behind it. */
export function proofSentence(r: MigrationResult): string {
  const s = r.summary
  const checked = `${s.resources} resource${s.resources === 1 ? '' : 's'} and ${s.cells} namespace x kind cell${s.cells === 1 ? '' : 's'}`
  const failing = s.alreadyFailing > 0 ? `; ${s.alreadyFailing} already fail${s.alreadyFailing === 1 ? 's' : ''} today (not counted)` : ''
  const roles = r.equivalent
    ? `EQUIVALENT: of ${checked}, every one that resolves today keeps exactly its role (${s.keep})${failing}.`
    : `NOT EQUIVALENT: of ${checked}, ${s.changed} would change at the cut-over and ${s.keep} keep their role${failing}.`
  return s.startsActing > 0 ? `${startsActingSentence(r)} ${roles}` : roles
}

/**
 * Stuck today, acting after the cut-over: counted and named in the headline, with the accounts they
 * would act in, because they reach AWS for the first time (possibly with the controller's own credentials).
 */
export function startsActingSentence(r: MigrationResult): string {
  const acting = r.differences.filter((d) => d.startsActing)
  const resources = acting.filter((d) => d.subject === 'resource').length
  const cells = acting.length - resources
  const accounts = [...new Set(acting.map((d) => d.after.accountID || 'unknown'))].sort(compareStrings)
  const own = acting.some((d) => d.after.outcome === 'DEFAULT_CREDENTIALS')
  const what = [resources > 0 ? `${resources} resource${resources === 1 ? '' : 's'}` : '', cells > 0 ? `${cells} namespace x kind cell${cells === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ')
  return `STARTS ACTING: ${what} that fail${acting.length === 1 ? 's' : ''} today (nothing happens in AWS) would act after the cut-over` +
    `${own ? ', with the controller\'s own credentials' : ''}, in account${accounts.length === 1 ? '' : 's'} ${accounts.join(', ')} (--allow-starts-acting accepts this).`
}

/** The human report for stderr: proof, differences, notes and the cut-over plan. */
export function migrateReport(r: MigrationResult, paint: Paint = NO_PAINT): string {
  const lines: string[] = [paint.bold(headline(r)), '', `${paint.bold('Proof:')} ${r.equivalent ? paint.ok(proofSentence(r)) : paint.bad(proofSentence(r))}`]
  const diff = rows(r.differences)
  if (diff.length > 0) {
    lines.push('', paint.bold('Differences:'))
    for (const d of diff) {
      const tag = d.verdict === 'starts-acting' ? paint.bad('STARTS ACTING') : d.verdict === 'changed' ? paint.bad('CHANGED') : paint.warn('FAILING')
      const pad = ' '.repeat(d.verdict === 'starts-acting' ? 17 : 11)
      lines.push(`  ${tag}  ${d.subject}`, `${pad}today: ${d.before}`, `${pad}after: ${d.after}`)
    }
  }
  if (r.notes.length > 0) {
    lines.push('', paint.bold('Notes:'))
    for (const n of r.notes) {
      const sev = n.severity === 'error' ? paint.bad('error  ') : n.severity === 'warning' ? paint.warn('warning') : paint.dim('info   ')
      lines.push(`  ${sev}  ${n.message} ${paint.dim(`[${n.code}]`)}`)
    }
  }
  lines.push('', paint.bold('Cut-over plan:'))
  r.plan.forEach((step, i) => {
    lines.push(`  ${i + 1}. ${step.title}`)
    for (const c of step.commands) lines.push(`       $ ${c}`)
    for (const d of step.details) lines.push(`       ${paint.dim(d)}`)
  })
  return lines.join('\n') + '\n'
}

const md = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\n/g, ' ')

/** plan.md for --output-dir: the same report, as Markdown. */
export function migrateMarkdown(r: MigrationResult): string {
  const out: string[] = ['# CARM to IAMRoleSelector: migration plan', '', `${md(headline(r))}.`, '', '## Proof', '', md(proofSentence(r)), '']
  const diff = rows(r.differences)
  if (diff.length > 0) {
    out.push('## Differences', '', '| | Subject | Today | After the cut-over |', '|---|---|---|---|')
    for (const d of diff) out.push(`| ${d.verdict} | ${md(d.subject)} | ${md(d.before)} | ${md(d.after)} |`)
    out.push('')
  }
  if (r.notes.length > 0) {
    out.push('## Notes', '')
    for (const n of r.notes) out.push(`- **${n.severity}** \`${n.code}\`: ${md(n.message)}`)
    out.push('')
  }
  out.push('## Cut-over plan', '')
  r.plan.forEach((step, i) => {
    out.push(`### ${i + 1}. ${md(step.title)}`, '')
    if (step.commands.length > 0) {
      // A fence longer than any backtick run in the commands, so nothing in the input can close it.
      const fence = '`'.repeat(Math.max(3, ...step.commands.map((c) => Math.max(0, ...(c.match(/`+/g) ?? []).map((m) => m.length + 1)))))
      out.push(`${fence}sh`, ...step.commands, fence, '')
    }
    for (const d of step.details) out.push(`- ${md(d)}`)
    out.push('')
  })
  return out.join('\n')
}
