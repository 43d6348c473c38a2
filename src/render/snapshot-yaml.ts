import {Document, stringify} from 'yaml'

import type {Finding} from '../core/types.js'
import {writerForSchema} from './block-yaml.js'

const OPTIONS = {version: '1.1', lineWidth: 0} as const

/** YAML 1.1 as the yaml package writes it, by block-yaml.ts where it can (undefined: by the yaml package). */
export const yaml11Writer = () => writerForSchema(new Document(null, {version: '1.1'}).schema)

/** The file's header: the context, and what an incomplete read is missing. */
function header(count: number, context: string, findings: Finding[]): string {
  return [
    `# ackctl snapshot of context ${context}: ${count} objects. Resolve it with: ackctl resolve -f FILE`,
    ...findings.map((f) => `# INCOMPLETE: ${f.message.replace(/\n/g, ' ')}`),
  ].join('\n') + '\n'
}

/**
 * The `ackctl snapshot` file in pieces (one per object, so that a cluster of any size is written
 * without building the whole text): a comment naming the context (and, for an incomplete read, what
 * is missing), then one YAML document per object. YAML 1.1 quoting keeps strings such as `yes` or
 * `0777` strings for go-yaml readers (kubectl) as well as for ackctl's YAML 1.2 reader.
 */
export function* snapshotYamlPieces(items: unknown[], context: string, findings: Finding[]): Generator<string> {
  const fast = yaml11Writer()
  yield header(items.length, context, findings)
  for (const o of items) yield `---\n${fast?.(o) ?? stringify(o, OPTIONS)}`
}

/** The whole file as one string (small snapshots, tests). */
export const snapshotYaml = (items: unknown[], context: string, findings: Finding[]): string =>
  [...snapshotYamlPieces(items, context, findings)].join('')
