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
  // The execute subpath, not the @oclif/core index: the index loads much that a run never uses.
  const {execute} = await import('@oclif/core/execute')
  await execute({dir: import.meta.url})
}
