import {Command} from '@oclif/core/command'

import {jsonDocument} from '../render/stream-text.js'
import {writePiecesSync} from './write-text.js'

/**
 * A command whose `--json` document can be large (a report per resource, a note per object):
 * written in pieces as `-o json` is, never joined into one string (oclif's own logJson joins and
 * tokenizes it), and its long lists may be lazy. On a terminal, oclif's coloured output is kept.
 */
export abstract class ReportCommand extends Command {
  override logJson(json: unknown): void {
    if (process.stdout.isTTY) super.logJson(materialized(json))
    else writePiecesSync(process.stdout, jsonDocument(json))
  }
}

/**
 * A command may return its document with lazy sequences (each entry made only while it is written):
 * oclif's coloured JSON stringifies the document whole, so they become arrays first.
 */
function materialized(json: unknown): unknown {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return json
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(json)) {
    out[key] = value !== null && typeof value === 'object' && !Array.isArray(value) && Symbol.iterator in value ? [...(value as Iterable<unknown>)] : value
  }
  return out
}
