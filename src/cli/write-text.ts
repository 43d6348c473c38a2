import {once} from 'node:events'
import type {Writable} from 'node:stream'

const BATCH = 1 << 16

/**
 * Writes text pieces to a stream in batches of about 64 KiB, waiting for `drain` when the stream
 * asks (back-pressure): memory stays bounded by the batch, whatever the report's size.
 */
export async function writePieces(out: Writable | NodeJS.WriteStream, pieces: Iterable<string>): Promise<void> {
  let batch = ''
  for (const piece of pieces) {
    batch += piece
    if (batch.length < BATCH) continue
    if (!out.write(batch)) await once(out, 'drain')
    batch = ''
  }
  if (batch !== '' && !out.write(batch)) await once(out, 'drain')
}

/**
 * The same without waiting, for oclif's synchronous `logJson` (--json): on Linux, writes to a pipe
 * or a file are synchronous, so nothing piles up; elsewhere the batches are queued, never joined
 * into one string.
 */
export function writePiecesSync(out: NodeJS.WriteStream, pieces: Iterable<string>): void {
  let batch = ''
  for (const piece of pieces) {
    batch += piece
    if (batch.length < BATCH) continue
    out.write(batch)
    batch = ''
  }
  if (batch !== '') out.write(batch)
}

/** Writes text pieces to a file (created or truncated), with back-pressure; rejects with the file system's error. */
export async function writeFileStreamed(file: string, pieces: Iterable<string>): Promise<void> {
  const {createWriteStream} = await import('node:fs')
  const out = createWriteStream(file)
  const failed = new Promise<never>((_, reject) => out.once('error', reject))
  await Promise.race([writePieces(out, pieces), failed])
  out.end()
  await Promise.race([once(out, 'finish'), failed])
}
