#!/usr/bin/env node
// CommonJS (bin/package.json): Node starts a CommonJS entry point without setting up its ES module
// loader first, a few milliseconds of every run.
// Node 22.1+ keeps compiled code of modules between runs (a V8 code cache in the OS temp directory):
// for this file and oclif's plugins. ackctl's own bundle has a code cache of its own (loadBundle).
const {closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} = require('node:fs')
const Module = require('node:module')
const {join} = require('node:path')
const vm = require('node:vm')

/** The package's folder (oclif's root: not this folder, whose package.json only makes this file CommonJS). */
const ROOT = join(__dirname, '..')
/** `ackctl COMMAND ... -h`: oclif's help, with its plugins, rather than the command. */
const ASKS_HELP = process.argv.slice(3).some((arg) => arg === '--help' || arg === '-h')

Module.enableCompileCache?.()

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
  const {version} = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  process.stdout.write(`ackctl/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else if (process.env.NODE_ENV === 'test' || process.env.NODE_ENV === 'development') {
  // oclif runs the TypeScript sources (through tsx): src/index.ts, which package.json names, and the
  // commands import @oclif/core itself: that copy runs them.
  require('@oclif/core/execute').execute({dir: __filename, loadOptions: {root: ROOT}})
} else {
  // As installed: dist/index.js, the commands and oclif's core in one file (scripts/build.mjs).
  const bundle = loadBundle()
  bundle.execute({dir: __filename, loadOptions: ownCommand(bundle.COMMANDS) ?? {root: ROOT}})
}

/**
 * dist/index.js, compiled with a V8 code cache kept between runs in ackctl's cache directory (oclif's:
 * ACKCTL_CACHE_DIR, else the platform's cache folder, e.g. ~/.cache/ackctl): compiling oclif and
 * ackctl is most of the start-up. A cache is written once per command, build, Node version and
 * architecture, when a run ends; a cache that is missing, unreadable or refused by V8 only costs the
 * compilation. NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch for its compile cache) turns it off.
 * The file is registered as a loaded module, so that oclif's require of it (package.json names it
 * for the commands) finds this copy.
 */
function loadBundle() {
  const filename = join(ROOT, 'dist', 'index.js')
  const require = Module.createRequire(filename)
  // A source checkout run before its first build: say what to do rather than print a stack trace.
  const notBuilt = (error) => {
    if (error.code !== 'ENOENT') throw error
    process.stderr.write(`ackctl: ${join('dist', 'index.js')} is missing: this is a source checkout that has not been built; run \`npm ci && npm run build\` in ${ROOT}\n`)
    process.exit(2) // EXIT.USAGE in src/findings/exit-codes.ts
  }
  if (process.env.NODE_DISABLE_COMPILE_CACHE) {
    try {
      statSync(filename)
    } catch (error) {
      notBuilt(error)
    }
    return require(filename)
  }
  let source
  try {
    source = readFileSync(filename, 'latin1') // all ASCII (scripts/build.mjs)
  } catch (error) {
    notBuilt(error)
  }
  const cacheFile = codeCacheFile(source)
  const cachedData = cacheFile && readCodeCache(cacheFile)
  // Module.wrap's function, with one more parameter: the bundle's dynamic imports call it (build.mjs).
  const wrapped = `(function (exports, require, module, __filename, __dirname, __ackctlImportModule) { ${source}\n})`
  const script = new vm.Script(wrapped, {filename, cachedData})
  const mod = new Module(filename)
  mod.filename = filename
  mod.paths = Module._nodeModulePaths(mod.path)
  Module._cache[filename] = mod
  script.runInThisContext().call(mod.exports, mod.exports, require, mod, filename, mod.path, (specifier) => import(specifier))
  mod.loaded = true
  if (cacheFile && (!cachedData || script.cachedDataRejected)) process.once('exit', () => writeCodeCache(cacheFile, script))
  return mod.exports
}

/**
 * The cache file for this build (its id is the bundle's first line), Node version and architecture,
 * and this command: each command's cache holds the code its runs compiled (help, typos and the
 * like share one).
 */
function codeCacheFile(source) {
  const [, build, commands] = /^\/\/ ackctl build ([0-9a-f]+) ([a-z,-]+)\n/.exec(source.slice(0, source.indexOf('\n') + 1)) ?? []
  const id = process.argv[2]
  const command = commands?.split(',').includes(id) && !ASKS_HELP ? id : 'other'
  const {platform, env} = process
  const home = env.HOME || env.USERPROFILE
  const dir = env.ACKCTL_CACHE_DIR
    || (platform === 'darwin' && home && `${home}/Library/Caches/ackctl`)
    || (env.XDG_CACHE_HOME && `${env.XDG_CACHE_HOME}/ackctl`)
    || (platform === 'win32' && env.LOCALAPPDATA && `${env.LOCALAPPDATA}/ackctl`)
    || (home && `${home}/.cache/ackctl`)
  return build && dir ? `${dir}/code-cache/${build}-${command}-v8-${process.versions.v8}-${process.arch}.bin` : undefined
}

/**
 * The cache, if it exists and only this user can have written it (compiled code runs as this user: a
 * cache directory shared with others must not feed it).
 */
function readCodeCache(file) {
  let fd
  try {
    fd = openSync(file, 'r')
    const {uid, mode} = fstatSync(fd)
    if (process.getuid && (uid !== process.getuid() || (mode & 0o022) !== 0)) return undefined
    return readFileSync(fd)
  } catch {
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/**
 * Writes the cache with the functions this run compiled, atomically (a rename), and keeps the 16
 * newest caches (commands, builds, Node versions): any failure only means no cache. A run cut off
 * between writing and renaming leaves its `<cache>.<pid>` behind: one older than an hour is no
 * other run's write in progress, and goes too.
 */
function writeCodeCache(file, script) {
  try {
    const dir = file.slice(0, file.lastIndexOf('/'))
    mkdirSync(dir, {recursive: true, mode: 0o700})
    const partial = `${file}.${process.pid}`
    writeFileSync(partial, script.createCachedData(), {mode: 0o600})
    renameSync(partial, file)
    const entries = readdirSync(dir).map((name) => ({name, time: statSync(`${dir}/${name}`).mtimeMs}))
    const caches = entries.filter(({name}) => name.endsWith('.bin'))
    for (const {name} of caches.sort((a, b) => b.time - a.time).slice(16)) rmSync(`${dir}/${name}`, {force: true})
    const abandoned = Date.now() - 3_600_000
    for (const {name, time} of entries) if (/\.bin\.\d+$/.test(name) && time < abandoned) rmSync(`${dir}/${name}`, {force: true})
  } catch {}
}

/**
 * `ackctl <command> ...` of one of ackctl's own commands, without help: oclif's configuration without
 * its plugins (help and autocomplete bring only the `help` and `autocomplete` commands, and no hooks),
 * which spares loading them on every run. Anything else (help, autocomplete, a typo, a flag first)
 * loads them as usual.
 */
function ownCommand(commands) {
  if (!Object.hasOwn(commands, process.argv[2] ?? '') || ASKS_HELP) return undefined
  const pjson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  return {root: ROOT, pjson: {...pjson, oclif: {...pjson.oclif, plugins: []}}}
}
