#!/usr/bin/env node
// The execute subpath, not the @oclif/core index: the index loads much that a run never uses.
import {execute} from '@oclif/core/execute'

await execute({dir: import.meta.url})
