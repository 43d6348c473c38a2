import type {Snapshot} from '../core/types.js'
import {buildSnapshot, type RawDocument} from './decode.js'
import {ClusterUnreachableError, InputError, loadFiles, MAX_INPUT_BYTES} from './files.js'
import {tuneHeapFor} from './heap.js'

export {ClusterUnreachableError, InputError}

export interface SourceOptions {
  /** -f arguments; none means the live cluster. */
  filenames: string[]
  recursive: boolean
  kubeconfig?: string
  context?: string
  requestTimeoutMs?: number
  readTimeoutMs?: number
  /** Progress lines for a TTY (live input only). */
  progress?: (message: string) => void
}

/** Reads standard input to the end. */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new InputError('-f - reads manifests from standard input, but standard input is a terminal; pipe a file or `kubectl get -o yaml` into ackctl')
  const chunks: Buffer[] = []
  let bytes = 0
  for await (const chunk of process.stdin) {
    bytes += (chunk as Buffer).length
    // The same limit as for files, checked while reading: never hold more than that in memory.
    if (bytes > MAX_INPUT_BYTES) throw new InputError(`standard input: more than the ${MAX_INPUT_BYTES} bytes ackctl reads; split the input, or pass JSON files with -f`)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Files and stdin, or the live cluster, into one Snapshot through the shared decoder.
 * The Kubernetes client is imported only on the live path.
 */
export async function loadSnapshot(opts: SourceOptions): Promise<Snapshot> {
  if (opts.filenames.length > 0) {
    const loaded = await loadFiles({filenames: opts.filenames, recursive: opts.recursive, readStdin})
    await tuneHeapFor(loaded.docs.length)
    const snapshot = buildSnapshot(loaded.docs)
    snapshot.findings.unshift(...loaded.findings)
    snapshot.stats.documents += loaded.skipped
    snapshot.stats.skipped += loaded.skipped
    snapshot.complete = loaded.complete
    return snapshot
  }
  const live = await import('./live/index.js')
  const result: {docs: RawDocument[]; findings: Snapshot['findings']; complete: boolean; selectorCrdInstalled: boolean; cluster?: string} =
    await live.loadLiveDocuments({kubeconfig: opts.kubeconfig, context: opts.context, requestTimeoutMs: opts.requestTimeoutMs, readTimeoutMs: opts.readTimeoutMs, progress: opts.progress})
  await tuneHeapFor(result.docs.length)
  const snapshot = buildSnapshot(result.docs)
  snapshot.findings.unshift(...result.findings)
  snapshot.complete = result.complete
  snapshot.selectorCrdInstalled = result.selectorCrdInstalled
  if (result.cluster) snapshot.clusterName = result.cluster
  return snapshot
}
