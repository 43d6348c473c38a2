#!/usr/bin/env node
// Node 22.1+ keeps compiled code between runs (a V8 code cache in the OS temp directory): start-up
// is mostly compilation. Older Node lines have no such API and start as before.
import module from 'node:module'

module.enableCompileCache?.()

// `ackctl resolve -o json | head`: the reader went away. Stop as a program killed by SIGPIPE would
// (kubectl does), with exit code 141 and nothing on stderr, instead of an EPIPE error per pending write.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error
    process.exit(141) // EXIT.PIPE_CLOSED in src/findings/exit-codes.ts
  })
}

if (process.argv.length === 3 && process.argv[2] === '--version') {
  // oclif's own --version text, without loading oclif (the most common call of a CLI in scripts).
  const {readFileSync} = await import('node:fs')
  const {version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`ackctl/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  // As installed: oclif's execute, bundled with the commands into dist/ (scripts/build.mjs), one file
  // instead of oclif's hundred-odd modules. Under NODE_ENV=test or development oclif runs the TypeScript
  // sources (src/commands, through tsx), which import @oclif/core itself: that copy runs them.
  const fromSources = process.env.NODE_ENV === 'test' || process.env.NODE_ENV === 'development'
  const {execute} = await (fromSources ? import('@oclif/core/execute') : import('../dist/execute.js'))
  await execute({dir: import.meta.url, loadOptions: fromSources ? undefined : await ownCommand()})
}

/**
 * `ackctl <command> ...` of one of ackctl's own commands, without help: oclif's configuration without
 * its plugins (help and autocomplete bring only the `help` and `autocomplete` commands, and no hooks),
 * which spares loading them on every run. Anything else (help, autocomplete, a typo, a flag first)
 * loads them as usual.
 */
async function ownCommand() {
  const [id, ...rest] = process.argv.slice(2)
  if (!/^[a-z][a-z-]*$/.test(id ?? '') || id === 'help' || id === 'autocomplete') return undefined
  if (rest.some((arg) => arg === '--help' || arg === '-h')) return undefined
  const {existsSync, readFileSync} = await import('node:fs')
  if (!existsSync(new URL(`../dist/commands/${id}.js`, import.meta.url))) return undefined
  const root = new URL('..', import.meta.url)
  const pjson = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'))
  const {fileURLToPath} = await import('node:url')
  return {root: fileURLToPath(root), pjson: {...pjson, oclif: {...pjson.oclif, plugins: []}}}
}
