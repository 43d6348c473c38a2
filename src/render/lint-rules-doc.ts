import {EXIT_CODE_TABLE} from '../findings/exit-codes.js'
import {SUPPRESSION_ANNOTATION_PREFIX} from '../findings/rules/annotated.js'
import type {RuleInfo} from '../findings/types.js'
import {markdownTable, plainTable} from './table.js'

const GENERATED = '<!-- Generated from src/findings/catalog.ts by `node --import tsx scripts/gen-rules-doc.ts`; do not edit by hand (a test fails when it is stale). -->'

/** `ackctl lint --list-rules`: the catalog as a plain table. */
export function rulesTable(rules: RuleInfo[]): string {
  return plainTable([
    {header: 'RULE', value: (r: RuleInfo) => r.id},
    {header: 'SEVERITY', value: (r: RuleInfo) => r.severity},
    {header: 'SUMMARY', value: (r: RuleInfo) => r.summary},
  ], rules) + '\n'
}

/** docs/rules.md, generated from the catalog (also `ackctl lint --list-rules --format markdown`). */
export function rulesMarkdown(rules: RuleInfo[]): string {
  const out = [
    '# ackctl lint rules',
    '',
    GENERATED,
    '',
    '`ackctl lint` checks CARM ConfigMaps, namespace annotations, IAMRoleSelectors, controller settings and ACK',
    'resources against what the ACK runtime actually does. Each rule below has a stable id, a default severity,',
    'and a remediation. `error` and `warning` findings fail the run according to `--fail-on` (default `error`);',
    '`info` findings never do.',
    '',
    markdownTable([
      {header: 'Rule', value: (r: RuleInfo) => `[\`${r.id}\`](#${r.id})`},
      {header: 'Severity', value: (r: RuleInfo) => r.severity},
      {header: 'Catches', value: (r: RuleInfo) => r.summary},
    ], rules),
    '',
    '## Suppressions',
    '',
    `- On the object: the annotation \`${SUPPRESSION_ANNOTATION_PREFIX}<rule-id>: "<reason>"\`. Works on Namespaces,`,
    '  IAMRoleSelectors and ACK resources.',
    '- In `.ackctl.yaml` (found from the working directory upward, or given with `--config`):',
    '',
    '  ```yaml',
    '  lint:',
    '    suppressions:',
    '      - rule: selector-overlap',
    '        object: IAMRoleSelector/sandbox   # Kind/name or Kind/namespace/name; * matches anything; absent = every object',
    '        reason: sandbox and dev share one role until PLAT-123',
    '        expires: 2026-12-31               # optional, YYYY-MM-DD, inclusive (UTC)',
    '  ```',
    '',
    'A suppression needs a reason. One without a reason or for an unknown rule is itself a finding',
    '(`suppression-invalid`) and suppresses nothing; one past its `expires` date no longer applies and is reported',
    '(`suppression-expired`). Suppressed findings are still listed (JSON `suppressed: true`, SARIF `suppressions`)',
    'and counted in the summary.',
    '',
    'Findings a loader produces under another id (for example while reading a live cluster) are passed through with',
    'their own id and severity.',
    '',
    '## Exit codes',
    '',
    markdownTable([
      {header: 'Code', value: (e: (typeof EXIT_CODE_TABLE)[number]) => String(e.code)},
      {header: 'Meaning', value: (e: (typeof EXIT_CODE_TABLE)[number]) => e.meaning},
    ], [...EXIT_CODE_TABLE]),
    '',
  ]
  for (const r of rules) {
    out.push(
      `## ${r.id}`,
      '',
      `**Severity:** ${r.severity}`,
      '',
      r.summary,
      '',
      r.description,
      '',
      `**Remediation:** ${r.remediation}`,
      '',
      r.id.startsWith('suppression-') ? '**Suppress:** not possible.' : `**Suppress:** \`${SUPPRESSION_ANNOTATION_PREFIX}${r.id}: "<reason>"\` on the object, or \`rule: ${r.id}\` in \`.ackctl.yaml\`.`,
      '',
    )
  }
  return out.join('\n')
}
