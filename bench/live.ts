/**
 * `node --import tsx bench/live.ts`: reading a large cluster live. A fake API server (in a child
 * process, so its work does not share our event loop) serves 5,000 namespaces, 50,000 resources over
 * 20 kinds and 500 selectors, answering every request after 20 ms. Prints the wall time and the
 * request count; exits 1 if the count is not exactly the collections times their pages.
 */
import {fork, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'

import {buildSnapshot} from '../src/sources/decode.js'
import {loadLiveDocuments} from '../src/sources/live/index.js'
import {FakeKube, isDiscovery} from '../test/support/fake-kube.js'
import {syntheticObjects} from './synthetic.js'

const SIZE = {namespaces: 5_000, selectors: 500, resources: 50_000, kinds: 20}
const LATENCY_MS = 20
const PAGE = 500

interface Stats {
  requests: number
  writes: number
  /** Per listed path: pages requested, and the pages its items need at `limit=500`. */
  lists: Array<{path: string; requests: number; items: number}>
  maxInFlight: number
}
type Message = {setLatency: number} | {stats: true} | {stop: true}

async function serve(): Promise<void> {
  const fake = await FakeKube.start({objects: syntheticObjects(SIZE), latencyMs: LATENCY_MS})
  process.send!({url: fake.url})
  process.on('message', (m: Message) => {
    if ('setLatency' in m) {
      fake.setLatency(m.setLatency)
      process.send!({ok: true})
    } else if ('stats' in m) {
      const paths = [...new Set(fake.requests.filter((r) => !isDiscovery(r.path)).map((r) => r.path))]
      const lists = paths.map((path) => {
        const target = fake.catalog.route(path)!
        const all = fake.catalog.list(target.type, target.namespace, new URLSearchParams(), 0) as {items: unknown[]}
        return {path, requests: fake.requests.filter((r) => r.path === path).length, items: all.items.length}
      })
      const stats: Stats = {requests: fake.requests.length, writes: fake.requests.filter((r) => r.method !== 'GET').length, lists, maxInFlight: fake.maxInFlight}
      fake.requests.length = 0
      fake.maxInFlight = 0
      process.send!(stats)
    } else void fake.stop().then(() => process.exit(0))
  })
}

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], {execArgv: ['--import', 'tsx'], stdio: 'inherit'})
  const next = <T>() => new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)))
  const dir = mkdtempSync(join(tmpdir(), 'ackctl-bench-live-'))
  try {
    const {url} = await next<{url: string}>()
    const fake = Object.assign(Object.create(FakeKube.prototype) as FakeKube, {url})
    const kubeconfig = fake.writeKubeconfig(dir)
    const read = async () => {
      const t0 = performance.now()
      const result = await loadLiveDocuments({kubeconfig})
      const t1 = performance.now()
      const snapshot = buildSnapshot(result.docs)
      const t2 = performance.now()
      child.send({stats: true})
      return {readMs: t1 - t0, decodeMs: t2 - t1, snapshot, complete: result.complete, stats: await next<Stats>()}
    }
    const cold = await read()
    const slow = await read()
    child.send({setLatency: 0})
    await next()
    const fast = await read()

    const {stats, snapshot} = slow
    const expected = stats.lists.reduce((n, l) => n + Math.max(1, Math.ceil(l.items / PAGE)), 0)
    const listed = stats.lists.reduce((n, l) => n + l.requests, 0)
    const slowest = Math.max(...stats.lists.map((l) => l.requests))
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`
    console.log(`${SIZE.namespaces} namespaces, ${SIZE.resources} resources over ${SIZE.kinds} kinds, ${SIZE.selectors} selectors; ${LATENCY_MS} ms per request, ${PAGE} items per page`)
    console.log(`read: ${snapshot.resources.length} resources, ${snapshot.namespaces.length} namespaces, ${snapshot.selectors.length} selectors, complete: ${slow.complete}`)
    console.log(`requests: ${stats.requests} (${listed} list pages over ${stats.lists.length} collections, expected ${expected}; ${stats.requests - listed} discovery; ${stats.writes} writes; at most ${stats.maxInFlight} in flight)`)
    console.log(`wall time: ${s(slow.readMs + slow.decodeMs)} (read ${s(slow.readMs)}, decode ${s(slow.decodeMs)})`)
    console.log(`  slowest single list: ${slowest} pages x ${LATENCY_MS} ms = ${s(slowest * LATENCY_MS)}; parsing (the same read without latency): ${s(fast.readMs)}`)
    console.log(`  all lists one after another would wait ${s(listed * LATENCY_MS)} on latency alone`)
    console.log(`  first read in this process (cold JIT, the Kubernetes client imported): ${s(cold.readMs + cold.decodeMs)}`)
    // As the user runs it: the shipped bundle (npm run bench builds it), a fresh process, the whole
    // command; against the same objects read from a file.
    const run = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'run.js')
    if (existsSync(join(dirname(run), '..', 'dist'))) {
      const file = join(dir, 'cluster.json')
      writeFileSync(file, JSON.stringify({apiVersion: 'v1', kind: 'List', items: syntheticObjects(SIZE)}))
      const whole = (args: string[]) => {
        const t0 = performance.now()
        const res = spawnSync(process.execPath, [run, 'resolve', ...args, '-o', 'json'], {stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8'})
        if (res.status !== 0 && res.status !== 1) throw new Error(`resolve ${args.join(' ')} exited ${res.status}: ${res.stderr}`)
        return performance.now() - t0
      }
      child.send({setLatency: LATENCY_MS})
      await next()
      const median = (f: () => number) => [f(), f(), f()].sort((a, b) => a - b)[1]
      const liveMs = median(() => whole(['--kubeconfig', kubeconfig]))
      const fileMs = median(() => whole(['-f', file]))
      console.log(`  whole command, fresh process: \`resolve --kubeconfig\` ${s(liveMs)}; the same objects with \`-f\` ${s(fileMs)} (${(liveMs / fileMs).toFixed(2)}x)`)
    }
    const counts = [cold, slow, fast].map((r) => r.stats.lists.reduce((n, l) => n + l.requests, 0))
    if (counts.some((c) => c !== expected) || stats.writes > 0 || !slow.complete) {
      console.error(`FAIL: every run must make exactly the collections times their pages (${expected}) requests, no writes (got ${counts.join(', ')})`)
      process.exitCode = 1
    }
  } finally {
    child.send({stop: true})
    rmSync(dir, {recursive: true, force: true})
  }
}

if (process.argv.includes('--serve')) await serve()
else await main()
