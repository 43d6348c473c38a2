import {stringify} from 'yaml'

import type {Finding} from '../core/types.js'

/**
 * The `ackctl snapshot` file: a comment naming the context (and, for an incomplete read, what is
 * missing), then one YAML document per object. YAML 1.1 quoting keeps strings such as `yes` or
 * `0777` strings for go-yaml readers (kubectl) as well as for ackctl's YAML 1.2 reader.
 */
export function snapshotYaml(items: unknown[], context: string, findings: Finding[]): string {
  const header = [
    `# ackctl snapshot of context ${context}: ${items.length} objects. Resolve it with: ackctl resolve -f FILE`,
    ...findings.map((f) => `# INCOMPLETE: ${f.message.replace(/\n/g, ' ')}`),
  ]
  return header.join('\n') + '\n' + items.map((o) => '---\n' + stringify(o, {version: '1.1', lineWidth: 0})).join('')
}
