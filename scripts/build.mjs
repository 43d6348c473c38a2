#!/usr/bin/env node
// Builds dist/: one ES module per command and dist/execute.js (oclif's entry point, which bin/run.js
// loads), bundled with everything they use, oclif included, with shared code and the lazily imported
// clients (Kubernetes, AWS SDK) split into chunks that load only when a code path needs them.
// oclif's own plugins (help, autocomplete) stay dependencies: oclif loads them from the package tree,
// each with its own @oclif/core, as it loads any plugin.
// Prints nothing on stdout: `npm pack` must print only the tarball's name.
import {readdirSync, rmSync} from 'node:fs'
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

const commands = readdirSync(join(root, 'src', 'commands')).filter((f) => f.endsWith('.ts')).map((f) => join(root, 'src', 'commands', f))
const entryPoints = [...commands, join(root, 'src', 'execute.ts')]

rmSync(join(root, 'dist'), {recursive: true, force: true})
const result = await build({
  absWorkingDir: root,
  entryPoints,
  outbase: join(root, 'src'),
  outdir: join(root, 'dist'),
  entryNames: '[dir]/[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // ES module builds first (the AWS SDK ships both): named exports survive dynamic import().
  mainFields: ['module', 'main'],
  // @oclif/core is bundled: loading it as one chunk instead of its modules one by one takes a fifth
  // off the start-up of `ackctl resolve -f fixtures/demo` (paired runs). Its compilers for TypeScript
  // commands (development mode only) and the plugins are left to the package tree.
  external: ['typescript', 'ts-node', 'tsx', '@oclif/plugin-*'],
  // CommonJS dependencies inside an ES module bundle still call require() for Node built-ins.
  banner: {js: "import {createRequire as __ackctlRequire} from 'node:module'; const require = __ackctlRequire(import.meta.url);"},
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
  plugins: [kubeConfigOnly, lazyOclifDependencies],
})
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0)
process.stderr.write(`built dist/ (${commands.length} commands, ${(bytes / 1048576).toFixed(1)} MiB)\n`)
