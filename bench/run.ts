/**
 * `npm run bench`: resolution speed against parse speed on a synthetic cluster, its growth, and
 * the start-up time of `ackctl resolve` on the demo against a bare `node -e ''`.
 * Prints timings; asserts nothing (targets are read by people, not by tests).
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {performance} from 'node:perf_hooks'

import {stringify} from 'yaml'

import {analyse} from '../src/findings/analyse.js'
import {buildSnapshot} from '../src/sources/decode.js'
import {loadFiles} from '../src/sources/files.js'
import {syntheticObjects, type SyntheticSize} from './synthetic.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const FULL: SyntheticSize = {namespaces: 20_000, selectors: 2_000, resources: 200_000, kinds: 20}
const noStdin = async () => ''

async function measure(size: SyntheticSize, format: 'json' | 'yaml', dir: string) {
  const file = join(dir, `cluster.${format}`)
  const list = {apiVersion: 'v1', kind: 'List', items: syntheticObjects(size)}
  writeFileSync(file, format === 'json' ? JSON.stringify(list) : stringify(list))
  const t0 = performance.now()
  await loadFiles({filenames: [file], recursive: false, readStdin: noStdin})
  const parseMs = performance.now() - t0
  const t1 = performance.now()
  const {docs} = await loadFiles({filenames: [file], recursive: false, readStdin: noStdin})
  const snapshot = buildSnapshot(docs)
  // As `ackctl resolve` (table output) does: the one analysis (resolution and every rule), no explanation.
  const {report} = analyse(snapshot, {overrides: {accountID: '999999999999'}, today: '2026-01-01'})
  const totalMs = performance.now() - t1
  const cells = report.namespaces.reduce((n, ns) => n + ns.kinds.length, 0)
  return {parseMs, totalMs, resources: report.resources.length, cells}
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function timeCommand(cmd: string, args: string[], runs: number): number {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    spawnSync(cmd, args, {cwd: root, stdio: 'ignore', env: {...process.env, NO_COLOR: '1'}})
    times.push(performance.now() - t)
  }
  return median(times)
}

/** Runs resolve on the demo with a loader hook that reports whether the heavy clients were imported. */
function loadsHeavyModules(): boolean {
  const hook = 'data:text/javascript,' + encodeURIComponent(
    "export async function resolve(s, c, n) { if (s.includes('@kubernetes/client-node') || s.includes('@aws-sdk/')) process.stderr.write('HEAVY ' + s + '\\n'); return n(s, c) }")
  const register = `data:text/javascript,import {register} from 'node:module'; register(${JSON.stringify(hook)})`
  const res = spawnSync(process.execPath, ['--import', register, join(root, 'bin', 'run.js'), 'resolve', '-f', 'fixtures/demo'], {cwd: root, encoding: 'utf8'})
  if (res.status !== 1) throw new Error(`the import probe did not run resolve (exit ${res.status}): ${res.stderr}`)
  return /HEAVY /.test(res.stderr)
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ackctl-bench-'))
  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`
  try {
    // BENCH_FORMATS=json (or yaml, or none) narrows the run.
    const formats = (process.env.BENCH_FORMATS ?? 'json,yaml').split(',').filter((f) => f === 'json' || f === 'yaml') as Array<'json' | 'yaml'>
    for (const format of formats) {
      console.log(`\n== resolve vs parse, ${format} input (target: total <= 2x parse; linear growth)`)
      for (const fraction of [0.25, 0.5, 1]) {
        const size = {namespaces: FULL.namespaces * fraction, selectors: FULL.selectors * fraction, resources: FULL.resources * fraction, kinds: FULL.kinds}
        const r = await measure(size, format, dir)
        console.log(`${String(size.namespaces).padStart(6)} ns, ${String(size.selectors).padStart(5)} selectors, ${String(size.resources).padStart(7)} resources (${r.cells} matrix cells): parse ${fmt(r.parseMs)}, parse+resolve ${fmt(r.totalMs)}, ratio ${(r.totalMs / r.parseMs).toFixed(2)}, per resource ${((r.totalMs * 1000) / size.resources).toFixed(1)} µs`)
      }
    }

    console.log('\n== start-up (target: ackctl resolve on the demo <= 2x node -e \'\')')
    // As the package ships (`npm pack` adds the oclif manifest): the bundle plus a manifest, removed again afterwards.
    execFileSync('npm', ['run', 'build'], {cwd: root, stdio: 'inherit'})
    execFileSync('npx', ['oclif', 'manifest'], {cwd: root, stdio: 'ignore', env: {...process.env, NODE_ENV: 'production'}})
    let bare: number, floor: number, demo: number
    try {
      bare = timeCommand(process.execPath, ['-e', ''], 15)
      floor = timeCommand(process.execPath, [join(root, 'bin', 'run.js'), '--version'], 15)
      demo = timeCommand(process.execPath, [join(root, 'bin', 'run.js'), 'resolve', '-f', 'fixtures/demo'], 15)
    } finally {
      rmSync(join(root, 'oclif.manifest.json'), {force: true})
    }
    console.log(`node -e '': ${bare.toFixed(0)} ms; ackctl resolve -f fixtures/demo: ${demo.toFixed(0)} ms; ratio ${(demo / bare).toFixed(2)} (median of 15)`)
    console.log(`oclif's own floor, ackctl --version: ${floor.toFixed(0)} ms (ratio ${(floor / bare).toFixed(2)}); resolve adds ${(demo - floor).toFixed(0)} ms`)
    console.log(`Kubernetes client or AWS SDK loaded on this path: ${loadsHeavyModules() ? 'YES (a regression)' : 'no'}`)

    const live = join(root, 'bench', 'live.ts')
    if (existsSync(live) && process.env.BENCH_LIVE !== '0') {
      console.log('\n== live cluster read')
      execFileSync(process.execPath, ['--import', 'tsx', live], {cwd: root, stdio: 'inherit'})
    }
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

await main()
