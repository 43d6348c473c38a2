// The entry point bin/run.js loads from dist/: oclif's execute, bundled with the commands so that one
// copy of @oclif/core is loaded from one file instead of its hundred-odd modules (start-up time).
export {execute} from '@oclif/core/execute'
