import {Command} from '@oclif/core/command'

import {jsonDocument} from '../render/stream-text.js'
import {writePiecesSync} from './write-text.js'

/**
 * A command whose `--json` document can be large (a report per resource, a note per object):
 * written in pieces as `-o json` is, never joined into one string (oclif's own logJson joins and
 * tokenizes it). On a terminal, oclif's coloured output is kept.
 */
export abstract class ReportCommand extends Command {
  override logJson(json: unknown): void {
    if (process.stdout.isTTY) super.logJson(json)
    else writePiecesSync(process.stdout, jsonDocument(json))
  }
}
