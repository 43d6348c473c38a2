/**
 * `npm run bench`: every figure of the performance table, as whole commands (start-up, parsing,
 * resolution and writing the output included) on synthetic clusters, each as a ratio against its
 * yardstick, measured in one run. Prints; asserts nothing (targets are read by people, not tests).
 *
 * BENCH_SIZE=20000 scales the large cases down (default 200000 resources); BENCH_LIVE=0 skips the
 * live read; BENCH_HUGE=1 adds resolve -o json / -o yaml, lint and migrate-carm at 1,000,000 resources;
 * BENCH_PAIRS=N sets the pairs of the paired table (default 3; 0 leaves it out).
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {performance} from 'node:perf_hooks'

import {stringify} from 'yaml'

import {syntheticObjects} from './synthetic.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const run = join(root, 'bin', 'run.js')
const LARGE = Number(process.env.BENCH_SIZE ?? 200_000)

/**
 * A cluster of `resources` resources: 10% as many namespaces, 1% as many selectors (none on CARM), 20
 * kinds (the issue's shape); `carm`: still on CARM; `label`: the selectors route by resource label alone.
 */
function cluster(dir: string, resources: number, format: 'json' | 'yaml', shape: 'carm' | 'label' | '' = ''): string {
  const file = join(dir, `cluster-${resources}${shape ? `-${shape}` : ''}.${format}`)
  if (existsSync(file)) return file
  const carm = shape === 'carm'
  const list = {apiVersion: 'v1', kind: 'List', items: syntheticObjects({
    namespaces: resources / 10, selectors: carm ? 0 : resources / 100, resources, kinds: 20, carm, byResourceLabel: shape === 'label'})}
  writeFileSync(file, format === 'json' ? JSON.stringify(list) : stringify(list))
  return file
}

interface Timing {
  ms: number
  /** Peak resident memory of the command, MiB. */
  peakMiB: number
  status: number | null
}

/** One whole command (median of `runs`), its output thrown away; its peak memory from its own resource usage. */
function time(args: string[], runs = 1, dir: string): Timing {
  const rss = join(dir, 'rss')
  const probe = 'data:text/javascript,' + encodeURIComponent(
    `import {writeFileSync} from 'node:fs'; process.on('exit', () => writeFileSync(${JSON.stringify(rss)}, String(process.resourceUsage().maxRSS)))`)
  const samples: Timing[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    const res = spawnSync(process.execPath, ['--import', probe, ...args], {cwd: root, stdio: 'ignore', env: {...process.env, NO_COLOR: '1'}})
    const ms = performance.now() - t
    samples.push({ms, peakMiB: Number(readFileSync(rss, 'utf8')) / 1024, status: res.status})
  }
  return samples.sort((a, b) => a.ms - b.ms)[Math.floor(samples.length / 2)]
}

const fmt = (t: Timing) => `${(t.ms / 1000).toFixed(2)} s, ${t.peakMiB.toFixed(0)} MiB`
const ratio = (a: Timing, b: Timing) => (a.ms / b.ms).toFixed(2)

/**
 * A and B in turn, `pairs` times, outputs thrown away: the median of the pair-by-pair ratios A/B and
 * their range. Pairing keeps a ratio meaningful on a machine whose speed drifts during the bench,
 * where one run of each (the table above) can be moved by one slow run.
 */
function paired(a: string[], b: string[], pairs: number, dir: string): {median: number; min: number; max: number} {
  const ratios: number[] = []
  for (let i = 0; i < pairs; i++) ratios.push(time(a, 1, dir).ms / time(b, 1, dir).ms)
  ratios.sort((x, y) => x - y)
  return {median: ratios[Math.floor(ratios.length / 2)], min: ratios[0], max: ratios[ratios.length - 1]}
}

function row(what: string, a: Timing, b: Timing, against: string, target: string): void {
  console.log(`| ${what} | ${fmt(a)} | ${against}: ${fmt(b)} | **${ratio(a, b)}x** | ${target} |`)
}

/**
 * Runs resolve on the demo with a hook on every module load (ES imports and requires) that reports
 * whether a heavy client was loaded: the Kubernetes client or the AWS SDK, or their files in dist/vendor.
 */
function loadsHeavyModules(dir: string): boolean {
  const heavy = /@kubernetes[\\/]client-node|@aws-sdk[\\/]|[\\/]vendor[\\/]/
  const probe = join(dir, 'probe.cjs')
  writeFileSync(probe, [
    "const Module = require('node:module')",
    `const heavy = ${heavy}`,
    'const load = Module._load',
    "Module._load = function (request, parent, isMain) { if (heavy.test(request)) process.stderr.write('HEAVY ' + request + '\\n'); return load.apply(this, arguments) }",
    'const hook = ' + JSON.stringify(`export async function resolve(s, c, n) { if (${heavy}.test(s)) process.stderr.write('HEAVY ' + s + '\\n'); return n(s, c) }`),
    "Module.register('data:text/javascript,' + encodeURIComponent(hook))",
  ].join('\n'))
  const res = spawnSync(process.execPath, ['--require', probe, run, 'resolve', '-f', 'fixtures/demo'], {cwd: root, encoding: 'utf8'})
  if (res.status !== 1) throw new Error(`the import probe did not run resolve (exit ${res.status}): ${res.stderr}`)
  return /HEAVY /.test(res.stderr)
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ackctl-bench-'))
  try {
    // As the package ships (`npm pack` adds the oclif manifest): the bundle plus a manifest, removed again afterwards.
    execFileSync('npm', ['run', 'build'], {cwd: root, stdio: 'inherit'})
    execFileSync('npx', ['oclif', 'manifest'], {cwd: root, stdio: 'ignore', env: {...process.env, NODE_ENV: 'production'}})
    const small = cluster(dir, 20_000, 'json')
    const largeJson = cluster(dir, LARGE, 'json')
    const largeYaml = cluster(dir, LARGE, 'yaml')
    const parse = (file: string) => time(['-e', `JSON.parse(require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`], 3, dir)
    const k = (n: number) => `${n / 1000}k`

    console.log(`\n| what | command | yardstick | ratio | target |\n|---|---|---|---|---|`)
    const table20 = time([run, 'resolve', '-f', small], 3, dir)
    const json20 = time([run, 'resolve', '-f', small, '-o', 'json'], 3, dir)
    row('default table, 20k resources', table20, json20, '`-o json`', 'within 1.5x')
    const tableLarge = time([run, 'resolve', '-f', largeJson], 1, dir)
    const jsonLarge = time([run, 'resolve', '-f', largeJson, '-o', 'json'], 1, dir)
    row(`default table, ${k(LARGE)} resources`, tableLarge, jsonLarge, '`-o json`', 'seconds')
    row('`migrate-carm`, 20k', time([run, 'migrate-carm', '-f', small, '-o', 'json'], 3, dir), json20, '`resolve -o json`', 'within 3x')
    row(`\`migrate-carm\`, ${k(LARGE)}`, time([run, 'migrate-carm', '-f', largeJson, '-o', 'json'], 1, dir), jsonLarge, '`resolve -o json`', 'within 3x')
    // What migrate-carm is for: a cluster still on CARM (the cluster above already runs IAMRoleSelector).
    const carmLarge = cluster(dir, LARGE, 'json', 'carm')
    row(`\`migrate-carm\`, ${k(LARGE)}, a cluster on CARM`, time([run, 'migrate-carm', '-f', carmLarge, '-o', 'json'], 1, dir),
      time([run, 'resolve', '-f', carmLarge, '-o', 'json'], 1, dir), '`resolve -o json` of it', 'within 3x')
    row(`\`resolve\` YAML input, ${k(LARGE)}`, time([run, 'resolve', '-f', largeYaml, '-o', 'json'], 1, dir), jsonLarge, 'the same cluster as JSON', 'within 1.5x')
    row(`\`resolve -o yaml\`, ${k(LARGE)}`, time([run, 'resolve', '-f', largeJson, '-o', 'yaml'], 1, dir), jsonLarge, '`-o json`', '')
    const parsed = parse(largeJson)
    row(`\`resolve -o json\`, ${k(LARGE)}`, jsonLarge, parsed, '`JSON.parse` of the input', 'within 2x, peak under 1 GiB')
    // The live heap, not V8's lazy growth: the same run with the old generation capped.
    const capped = time(['--max-old-space-size=600', run, 'resolve', '-f', largeJson, '-o', 'json'], 1, dir)
    row(`\`resolve -o json\`, ${k(LARGE)}, \`--max-old-space-size=600\` (exit ${capped.status})`, capped, parsed, '`JSON.parse` of the input', 'peak under 1 GiB')
    // A floor for the row above: serialising the same report from plain objects already in memory.
    const report = join(dir, 'report.json')
    const fd = openSync(report, 'w')
    spawnSync(process.execPath, [run, 'resolve', '-f', largeJson, '-o', 'json'], {cwd: root, stdio: ['ignore', fd, 'ignore']})
    closeSync(fd)
    const stringifyMs = Number(execFileSync(process.execPath, ['-e',
      `const o = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(report)}, 'utf8')); const t = performance.now(); JSON.stringify(o, null, 2); console.log(performance.now() - t)`], {encoding: 'utf8', maxBuffer: 1 << 20}))
    console.log(`| floor: \`JSON.stringify(report, null, 2)\` alone, the ${(statSync(report).size / 1e6).toFixed(0)} MB report already in memory | ${(stringifyMs / 1000).toFixed(2)} s | \`JSON.parse\` of the input: ${fmt(parsed)} | **${(stringifyMs / parsed.ms).toFixed(2)}x** | |`)
    rmSync(report)
    const lintLarge = time([run, 'lint', '-f', largeJson, '-o', 'json'], 1, dir)
    row(`\`lint\`, ${k(LARGE)} JSON`, lintLarge, parsed, '`JSON.parse` of the input', 'within 2x')
    // A floor for both rows above: the same analysis (read, decode, resolve, every rule) with next to no output.
    row(`floor: the analysis alone, \`lint -o markdown --limit-bytes 2000\` (every finding made and measured, 2 kB written), ${k(LARGE)}`,
      time([run, 'lint', '-f', largeJson, '-o', 'markdown', '--limit-bytes', '2000'], 1, dir), parsed, '`JSON.parse` of the input', '')
    // Selectors no namespace index can narrow (each could match any resource): as fast as the cluster above.
    const labelLarge = cluster(dir, LARGE, 'json', 'label')
    row(`\`resolve -o json\`, ${k(LARGE)}, ${k(LARGE / 100)} selectors routing by resource label alone`, time([run, 'resolve', '-f', labelLarge, '-o', 'json'], 1, dir),
      jsonLarge, '`resolve -o json` of the bench cluster', 'linear')
    row(`\`lint\`, ${k(LARGE)}, the same selectors`, time([run, 'lint', '-f', labelLarge, '-o', 'json'], 1, dir), lintLarge, '`lint` of the bench cluster', 'linear')
    if (process.env.BENCH_HUGE === '1') {
      // The issue's "works at 1M resources": exit 1 is the findings' verdict; a crash is 134 or a signal.
      const huge = cluster(dir, 1_000_000, 'json')
      const hugeParse = parse(huge)
      for (const args of [['resolve', '-o', 'json'], ['resolve', '-o', 'yaml'], ['lint', '-o', 'json'], ['migrate-carm', '-o', 'json']]) {
        const t = time([run, args[0], '-f', huge, ...args.slice(1)], 1, dir)
        row(`\`${args.join(' ')}\`, 1M (exit ${t.status})`, t, hugeParse, '`JSON.parse` of the input', 'works, memory bounded')
      }
    }
    const bare = time(['-e', ''], 15, dir)
    row('start-up, `resolve -f fixtures/demo`', time([run, 'resolve', '-f', 'fixtures/demo'], 15, dir), bare, '`node -e \'\'`', 'at most 1.8x')
    row('start-up, `--version`', time([run, '--version'], 15, dir), bare, '`node -e \'\'`', 'at most 1.3x')
    const pairs = Number(process.env.BENCH_PAIRS ?? 3)
    if (pairs > 0) {
      console.log(`\nPaired runs (command and yardstick in turn; median ratio of ${pairs} pairs, ${pairs * 5} for start-up, and the range):\n`)
      console.log('| what | yardstick | median | range | target |\n|---|---|---|---|---|')
      const parseArgs = ['-e', `JSON.parse(require('node:fs').readFileSync(${JSON.stringify(largeJson)}, 'utf8'))`]
      const cases: Array<[string, string[], string[], string, number, string]> = [
        [`\`resolve -o json\`, ${k(LARGE)}`, [run, 'resolve', '-f', largeJson, '-o', 'json'], parseArgs, '`JSON.parse` of the input', pairs, 'within 2x'],
        [`\`lint\`, ${k(LARGE)} JSON`, [run, 'lint', '-f', largeJson, '-o', 'json'], parseArgs, '`JSON.parse` of the input', pairs, 'within 2x'],
        [`\`resolve\` YAML input, ${k(LARGE)}`, [run, 'resolve', '-f', largeYaml, '-o', 'json'], [run, 'resolve', '-f', largeJson, '-o', 'json'], 'the same cluster as JSON', pairs, 'within 1.5x'],
        ['start-up, `resolve -f fixtures/demo`', [run, 'resolve', '-f', 'fixtures/demo'], ['-e', ''], '`node -e \'\'`', pairs * 5, 'at most 1.8x'],
        ['start-up, `--version`', [run, '--version'], ['-e', ''], '`node -e \'\'`', pairs * 5, 'at most 1.3x'],
      ]
      for (const [what, a, b, against, n, target] of cases) {
        const r = paired(a, b, n, dir)
        console.log(`| ${what} | ${against} | **${r.median.toFixed(2)}x** | ${r.min.toFixed(2)} to ${r.max.toFixed(2)} | ${target} |`)
      }
    }
    console.log(`\nKubernetes client or AWS SDK loaded on the resolve path: ${loadsHeavyModules(dir) ? 'YES (a regression)' : 'no'}`)
    console.log('A 1,000,000-resource report is written by the JSON writer in test/render/stream-text.test.ts (a generated stream).')

    const live = join(root, 'bench', 'live.ts')
    if (existsSync(live) && process.env.BENCH_LIVE !== '0') {
      console.log('\n== live cluster read')
      execFileSync(process.execPath, ['--import', 'tsx', live], {cwd: root, stdio: 'inherit'})
    }
  } finally {
    rmSync(join(root, 'oclif.manifest.json'), {force: true})
    rmSync(dir, {recursive: true, force: true})
  }
}

await main()
