// ackctl's commands, as oclif's explicit command strategy reads them (package.json: oclif.commands),
// and oclif's execute. scripts/build.mjs bundles this file, oclif included, into one CommonJS file,
// dist/index.js, which bin/run.js compiles with a V8 code cache: start-up is mostly compilation.
import Diff from './commands/diff.js'
import Lint from './commands/lint.js'
import MigrateCarm from './commands/migrate-carm.js'
import Resolve from './commands/resolve.js'
import Snapshot from './commands/snapshot.js'
import VerifyTrust from './commands/verify-trust.js'

export {execute} from '@oclif/core/execute'

export const COMMANDS = {
  diff: Diff,
  lint: Lint,
  'migrate-carm': MigrateCarm,
  resolve: Resolve,
  snapshot: Snapshot,
  'verify-trust': VerifyTrust,
}
