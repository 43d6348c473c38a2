/**
 * V8 allocates the objects of one allocation site (a literal, a `new`) directly in its old
 * generation once most of them have outlived a young-generation collection ("allocation-site
 * pretenuring"). A large ackctl run first builds objects that live to its end (the snapshot, every
 * resolution), then makes short-lived ones in the same code (each resource's explanation and JSON
 * entry as it is written, the migration's proof): pretenured, those fill the old generation until
 * the next full collection, which V8 puts off by as much as four times the live heap. Without
 * pretenuring they die young, where collecting them is cheap. Measured at 200k resources: the peak of
 * `resolve -o json` from 1.1 GB to 0.6 GB on a cluster on CARM (0.8 to 0.6 GB on the bench's
 * cluster), `migrate-carm` from 1.3 to 1.0 GB (README, Performance).
 *
 * V8 reads the flag when it collects, so it takes effect when set at run time; it is set only for a
 * large input (loading `node:v8` is a few milliseconds of a short run), before the objects are built.
 */
const LARGE_INPUT_OBJECTS = 20_000

let set = false

export async function tuneHeapFor(objects: number): Promise<void> {
  if (set || objects < LARGE_INPUT_OBJECTS) return
  set = true
  const {setFlagsFromString} = await import('node:v8')
  setFlagsFromString('--no-allocation-site-pretenuring')
}
