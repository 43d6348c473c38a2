import {strict as assert} from 'node:assert'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {Flags, Parser} from '@oclif/core'
import {runCommand} from '@oclif/test'

import Diff from '../../src/commands/diff.js'
import Lint from '../../src/commands/lint.js'
import MigrateCarm from '../../src/commands/migrate-carm.js'
import Resolve from '../../src/commands/resolve.js'
import Snapshot from '../../src/commands/snapshot.js'
import VerifyTrust from '../../src/commands/verify-trust.js'
import {REPO_ROOT} from '../support/vectors.js'

const COMMANDS = {diff: Diff, lint: Lint, 'migrate-carm': MigrateCarm, resolve: Resolve, snapshot: Snapshot, 'verify-trust': VerifyTrust} as const
type Id = keyof typeof COMMANDS
const PATH_FLAGS = new Set(['-f', '--filename', '--iam-snapshot', '--config', '--kubeconfig', '--base'])

/** Shell words of one example line (double and single quotes; no expansions are used in examples). */
function words(line: string): string[] {
  return (line.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^(["'])(.*)\1$/, '$2'))
}

/** The ackctl invocations of one example line: after a pipe, split at `&&`, without redirections. */
function invocations(line: string): string[][] {
  const out: string[][] = []
  for (const part of line.split('&&')) {
    const piped = part.split('|').pop()!.trim()
    const tokens = words(piped)
    const at = tokens.indexOf('ackctl')
    if (at < 0) continue
    const args: string[] = []
    for (let i = at + 1; i < tokens.length; i++) {
      if (tokens[i] === '>' || tokens[i].startsWith('>')) break
      args.push(tokens[i])
    }
    out.push(args)
  }
  return out
}

function examples(): Array<{where: string; line: string}> {
  const found: Array<{where: string; line: string}> = []
  for (const [id, command] of Object.entries(COMMANDS)) {
    for (const e of command.examples as string[]) found.push({where: `ackctl ${id} --help`, line: e.replace(/<%= config\.bin %>/g, 'ackctl')})
  }
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
  for (const block of readme.matchAll(/```sh\n([\s\S]*?)```/g)) {
    const text = block[1].replace(/\\\n\s*/g, '')
    for (const raw of text.split('\n')) {
      const line = raw.replace(/\s+#.*$/, '')
      if (/(^|\|\s*|&&\s*)ackctl /.test(line)) found.push({where: 'README', line})
    }
  }
  return found
}

/**
 * Every example in `--help` and in the README: it parses as written (no unknown flag, no bad value);
 * where everything it names exists in the repository (the bundled fixtures), it also runs, and ends
 * in a verdict (exit 0 or 1), not in a usage, input or environment error.
 */
describe('every example in help and README runs as written', function () {
  this.timeout(60_000)
  const all = examples()
  it('there are examples to check', () => assert.ok(all.length >= 30, `${all.length}`))
  for (const {where, line} of all) {
    for (const argv of invocations(line)) {
      it(`${where}: ackctl ${argv.join(' ')}`, async () => {
        const [id, ...rest] = argv
        if (id === '--help' || id === 'help' || id === 'autocomplete') return
        assert.ok(id in COMMANDS, `unknown command ${id}`)
        const command = COMMANDS[id as Id]
        const flags = {...command.flags, ...(command.enableJsonFlag ? {json: Flags.boolean()} : {})}
        await Parser.parse(rest, {flags, args: command.args ?? {}, strict: command.strict ?? true})
        const paths = rest.filter((a, i) => PATH_FLAGS.has(rest[i - 1] ?? '') || (!a.startsWith('-') && !PATH_FLAGS.has(a) && /[/.]/.test(a) && !/^arn:/.test(a) && !(rest[i - 1] ?? '').startsWith('-')))
        const offline = rest.some((a) => a === '-f' || a === '--filename') || paths.length > 0 || rest.includes('--list-rules')
        const needsAws = id === 'verify-trust' && !rest.includes('--iam-snapshot')
        const illustrative = paths.some((p) => p !== '-' && !existsSync(join(REPO_ROOT, p)))
        if (!offline || needsAws || illustrative || rest.includes('-') || id === 'snapshot') return
        process.exitCode = undefined
        const {error} = await runCommand([id, ...rest], {root: REPO_ROOT})
        const code = Number(process.exitCode ?? 0)
        process.exitCode = undefined
        assert.equal(error, undefined, `${line}: ${error?.message}`)
        // verify-trust's UNKNOWN pair (exit 3) is a verdict too; every other 2 or 3 is an error.
        assert.ok(code === 0 || code === 1 || (id === 'verify-trust' && code === 3), `${line}: exit ${code}`)
      })
    }
  }
})
