import type {TrustCheck, TrustReport} from '../iam/check.js'
import {NO_PAINT, type Paint} from './paint.js'
import {plainTable, type Column} from './table.js'

/** The `-o json` / `--json` shape: one entry per (controller role, target role) pair. */
export interface TrustJson {
  checks: Array<Pick<TrustCheck, 'sourceRoleARN' | 'roleARN' | 'usedBy' | 'verdict' | 'trust' | 'identity' | 'reasons' | 'unused' | 'controllers' | 'incomplete' | 'probe' | 'routes'>>
  summary: TrustReport['summary']
  notes: string[]
  /** With --eks-capability-role-arn: the capability role's own trust. */
  capabilityRole?: TrustReport['capabilityRole']
}

export function trustJson(report: TrustReport): TrustJson {
  return {
    checks: report.checks.map((c) => ({
      sourceRoleARN: c.sourceRoleARN, roleARN: c.roleARN, usedBy: c.usedBy, verdict: c.verdict, trust: c.trust, identity: c.identity,
      reasons: c.reasons, unused: c.unused, controllers: c.controllers, incomplete: c.incomplete, ...(c.probe ? {probe: c.probe} : {}),
      ...(c.routes ? {routes: c.routes} : {}),
    })),
    summary: report.summary,
    notes: report.notes,
    ...(report.capabilityRole ? {capabilityRole: report.capabilityRole} : {}),
  }
}

const usedBy = (c: TrustCheck) => {
  const first = c.usedBy[0] ?? '-'
  const more = c.usedBy.length > 1 ? ` (+${c.usedBy.length - 1})` : ''
  return `${c.unused ? 'unused: ' : ''}${first}${more}`
}

/**
 * A kubectl-style table with the decisive reason of each pair, then every reason of the pairs
 * that did not pass (and what uses them), the notes and a summary line.
 */
export function trustTable(report: TrustReport, paint: Paint = NO_PAINT): string {
  const verdict = (c: {verdict: TrustCheck['verdict']}) => (c.verdict === 'pass' ? paint.ok('PASS') : c.verdict === 'fail' ? paint.bad('FAIL') : paint.warn('UNKNOWN'))
  const columns: Column<TrustCheck>[] = [
    {header: 'VERDICT', value: verdict},
    {header: 'ROLE', value: (c) => showArn(c.roleARN)},
    {header: 'SOURCE', value: (c) => c.sourceRoleARN ?? '?'},
    {header: 'USED BY', value: usedBy},
    {header: 'REASON', value: (c) => c.reasons[0] ?? ''},
  ]
  const cap = report.capabilityRole
  const head = cap ? [`${verdict(cap)} capability role ${showArn(cap.roleARN)} for ${cap.principal}`, ...(cap.verdict === 'pass' ? [] : cap.reasons.map((r) => `  - ${r}`)), ''] : []
  if (report.checks.length === 0) return `${head.join('\n')}No role ARNs to check: no CARM ConfigMap entries, IAMRoleSelectors or --role-arn.\n`
  const out = [...head, plainTable(columns, report.checks, paint.bold)]
  for (const c of report.checks.filter((x) => x.verdict !== 'pass' || x.reasons.some((r) => r.startsWith('probe:')))) {
    out.push('', `${verdict(c)} ${showArn(c.roleARN)}${c.sourceRoleARN ? ` for ${showArn(c.sourceRoleARN)}` : ''}`)
    out.push(`  used by: ${c.usedBy.join(', ') || '-'}${c.unused ? ' (no namespace resolves to it)' : ''}`)
    for (const r of c.reasons) out.push(`  - ${r}`)
    for (const r of c.routes ?? []) out.push(`  ${verdict(r)} namespace ${r.namespace}, ${r.apiGroup}${r.verdict === 'pass' ? '' : `: ${r.reasons[0] ?? ''}`}`)
  }
  if (report.notes.length > 0) out.push('', ...report.notes.map((n) => paint.dim(`note: ${n}`)))
  const {pass, fail, unknown} = report.summary
  out.push('', `${report.checks.length} pair${report.checks.length === 1 ? '' : 's'}: ${pass} pass, ${fail} fail, ${unknown} unknown`)
  return `${out.join('\n')}\n`
}

/**
 * A role ARN as a person must see it: white space that ACK does not trim is made visible (`␠` for a
 * space, the ARN quoted), because `arn:...:role/x ` and `arn:...:role/x` look alike in a table.
 */
export function showArn(arn: string): string {
  if (!/\s/.test(arn)) return arn
  return JSON.stringify(arn.replace(/ /g, '\u2420'))
}
