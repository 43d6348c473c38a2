#!/usr/bin/env node
// Builds dist/: index.js, one CommonJS file with the commands and oclif's core (oclif's explicit
// command strategy reads its COMMANDS; bin/run.js compiles it with a V8 code cache, which Node keeps
// for no ES module before Node 22), and dist/vendor/, the clients that only some code paths load
// (Kubernetes, AWS SDK), each a file of its own that index.js requires on first use.
// oclif's own plugins (help, autocomplete) stay dependencies: oclif loads them from the package tree,
// each with its own @oclif/core, as it loads any plugin.
// Prints nothing on stdout: `npm pack` must print only the tarball's name.
import {createHash} from 'node:crypto'
import {mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {build} from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
// The live path uses KubeConfig (kubeconfig files, contexts, credentials) and makes its own requests.
// client-node's config module also imports the generated API surface (for makeApiClient, 0.5 MiB)
// and node-fetch (for applyToFetchOptions, 0.4 MiB with its URL tables); ackctl calls neither, so
// the bundle gets a stand-in for each: Node's own Headers, and an API client that says it is absent.
// test/package/pack.test.ts reads a live cluster through the bundle with token and exec credentials.
const kubeConfigOnly = {
  name: 'kube-config-only',
  setup(b) {
    const importer = /@kubernetes[\\/]client-node[\\/]dist[\\/]config\.js$/
    b.onResolve({filter: /^(\.\/gen\/index\.js|node-fetch)$/}, (args) =>
      importer.test(args.importer) ? {path: args.path, namespace: 'kube-config-only'} : undefined)
    b.onLoad({filter: /.*/, namespace: 'kube-config-only'}, (args) => ({
      loader: 'js',
      contents: args.path === 'node-fetch'
        ? 'export const Headers = globalThis.Headers'
        : [
            "const absent = () => { throw new Error('the generated Kubernetes API client is not part of the ackctl bundle') }",
            'export const createConfiguration = absent',
            'export class ServerConfiguration { constructor() { absent() } }',
          ].join('\n'),
    }))
  },
}

// oclif's core requires some packages at load time that only its rarer paths call: finding commands
// without a manifest (tinyglobby), matching plugin names (minimatch), spinners, help templates (ejs)
// and wrapping error text (wrap-ansi). Within @oclif/core each is replaced by a stand-in that loads
// the package on first use: an ordinary run no longer evaluates them at start-up.
const LAZY = {tinyglobby: 'object', minimatch: 'esModule', 'cli-spinners': 'object', ejs: 'object', 'wrap-ansi': 'function'}
const lazyOclifDependencies = {
  name: 'lazy-oclif-dependencies',
  setup(b) {
    const filter = new RegExp(`^(${Object.keys(LAZY).join('|')})$`)
    const oclif = /@oclif[\\/]core[\\/]/
    b.onResolve({filter}, (args) =>
      args.namespace === 'file' && oclif.test(args.importer)
        ? {path: args.path, namespace: 'lazy-oclif-dependency', pluginData: {resolveDir: args.resolveDir}}
        : undefined)
    b.onLoad({filter: /.*/, namespace: 'lazy-oclif-dependency'}, (args) => {
      const shape = LAZY[args.path]
      return {
        loader: 'js',
        resolveDir: args.pluginData.resolveDir,
        contents: [
          'let loaded',
          `const load = () => (loaded ??= require(${JSON.stringify(args.path)}))`,
          `module.exports = new Proxy(${shape === 'function' ? '() => {}' : '{}'}, {`,
          `  get: (_, key) => key === '__esModule' ? ${shape === 'esModule'} : load()[key],`,
          '  apply: (_, self, args) => Reflect.apply(load(), self, args),',
          '  has: (_, key) => key in load(),',
          '  ownKeys: () => Reflect.ownKeys(load()),',
          '  getOwnPropertyDescriptor: (_, key) => { const d = Reflect.getOwnPropertyDescriptor(load(), key); if (d) d.configurable = true; return d },',
          '})',
        ].join('\n'),
      }
    })
  },
}

// oclif sorts each plugin's commands with localeCompare, whose first call sets up ICU's collator: 14 ms
// of every start-up. For ids of lowercase letters, ':' and '-' (every id ackctl and oclif's plugins
// have) ICU's order is the order of the characters' codes, which needs no collator; other ids are
// compared as before. The build fails if oclif's line changes, rather than ship without it.
const SORT = '.sort((a, b) => a.id.localeCompare(b.id))'
const plainIdOrder = {
  name: 'plain-id-order',
  setup(b) {
    b.onLoad({filter: /@oclif[\\/]core[\\/]lib[\\/]config[\\/]plugin\.js$/}, (args) => {
      const text = readFileSync(args.path, 'utf8')
      if (!text.includes(SORT)) throw new Error(`${args.path} no longer sorts commands with ${SORT}: review plain-id-order in scripts/build.mjs`)
      const plain = '/^[a-z][a-z:-]*$/'
      return {loader: 'js', contents: text.replace(SORT,
        `.sort((a, b) => (${plain}.test(a.id) && ${plain}.test(b.id) ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.id.localeCompare(b.id)))`)}
    })
  },
}

// dist/vendor/: each file and what it holds.
const VENDOR_FILES = {
  kubernetes: "export * from '@kubernetes/client-node/dist/config.js'",
  aws: "export * as iam from '@aws-sdk/client-iam'\nexport * as sts from '@aws-sdk/client-sts'",
}
// In index.js, each client entry point the sources import becomes a require of its vendor file (and
// member), made when the code path that imports it runs (a dynamic import() in the sources).
const VENDOR_IMPORTS = {
  '@kubernetes/client-node/dist/config.js': 'kubernetes',
  '@aws-sdk/client-iam': 'aws.iam',
  '@aws-sdk/client-sts': 'aws.sts',
}
const vendorFiles = {
  name: 'vendor-files',
  setup(b) {
    const filter = new RegExp(`^(${Object.keys(VENDOR_IMPORTS).map((k) => k.replace(/[./]/g, '\\$&')).join('|')})$`)
    b.onResolve({filter}, (args) => ({path: args.path, namespace: 'vendor-file'}))
    b.onLoad({filter: /.*/, namespace: 'vendor-file'}, (args) => {
      const [file, member] = VENDOR_IMPORTS[args.path].split('.')
      return {loader: 'js', contents: `module.exports = require(${JSON.stringify(`./vendor/${file}.cjs`)})${member ? `.${member}` : ''}`}
    })
    b.onResolve({filter: /^\.\/vendor\//}, (args) => (args.namespace === 'vendor-file' ? {path: args.path, external: true} : undefined))
  },
}

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // ES module builds first (the AWS SDK ships both).
  mainFields: ['module', 'main'],
  legalComments: 'linked',
  logLevel: 'warning',
  write: false,
}

rmSync(join(root, 'dist'), {recursive: true, force: true})
const outputs = []
for (const [file, contents] of Object.entries(VENDOR_FILES)) {
  const result = await build({...common, stdin: {contents, resolveDir: root, sourcefile: `vendor/${file}.js`}, outfile: join(root, 'dist', 'vendor', `${file}.cjs`), plugins: [kubeConfigOnly]})
  outputs.push(...result.outputFiles)
}
const main = await build({
  ...common,
  entryPoints: [join(root, 'src', 'index.ts')],
  outfile: join(root, 'dist', 'index.js'),
  // @oclif/core is bundled: one file instead of its hundred-odd modules. Its compilers for TypeScript
  // commands (development mode only) and the plugins are left to the package tree.
  external: ['typescript', 'ts-node', 'tsx', '@oclif/plugin-*'],
  plugins: [vendorFiles, lazyOclifDependencies, plainIdOrder],
})
for (const out of main.outputFiles) {
  if (!out.path.endsWith('index.js')) {
    outputs.push(out)
    continue
  }
  // The first line names this build: bin/run.js keys its code caches by it (V8 checks a cache only
  // against the length of the source it was made from).
  // It is all ASCII, so bin/run.js reads it as Latin-1, in a third of the time UTF-8 takes: the few
  // other characters esbuild leaves (in comments and one regular expression) become \u escapes,
  // which mean the same there.
  // A dynamic import() in code that bin/run.js compiles itself has no module loader to call on
  // Node 20 (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING): oclif's, for its ES module plugins and their
  // commands, and those of the sources (node:fs) call bin/run.js's import() instead, which it passes
  // in; where index.js is required as usual (\`oclif manifest\`), they stay import().
  const body = out.text
    .replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/(?<![\w$.])import\((?!\))/g, '__ackctlImport(')
  const strict = '"use strict";\n'
  if (!body.startsWith(strict)) throw new Error('dist/index.js: esbuild no longer starts the bundle with "use strict"')
  // After the directive, which must stay the first statement.
  const text = `${strict}var __ackctlImport = typeof __ackctlImportModule === 'function' ? __ackctlImportModule : (specifier) => import(specifier);\n${body.slice(strict.length)}`
  // The first line also lists the commands, whose code caches are kept one per command.
  const id = createHash('sha256').update(text).digest('hex').slice(0, 16)
  const commands = readdirSync(join(root, 'src', 'commands')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort()
  outputs.push({path: out.path, contents: Buffer.from(`// ackctl build ${id} ${commands.join(',')}\n${text}`, 'latin1')})
}
for (const out of outputs) {
  mkdirSync(dirname(out.path), {recursive: true})
  writeFileSync(out.path, out.contents)
}
// dist/*.js are CommonJS in a package of ES modules (package.json: "type": "module").
writeFileSync(join(root, 'dist', 'package.json'), '{"type": "commonjs"}\n')
const bytes = outputs.reduce((n, o) => n + o.contents.length, 0)
process.stderr.write(`built dist/ (${outputs.filter((o) => /\.c?js$/.test(o.path)).length} files, ${(bytes / 1048576).toFixed(1)} MiB)\n`)
