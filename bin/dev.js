#!/usr/bin/env -S node --import tsx
// CommonJS (bin/package.json). The TypeScript sources through tsx, with oclif's development mode.
const {join} = require('node:path')

require('@oclif/core/execute').execute({development: true, dir: __filename, loadOptions: {root: join(__dirname, '..')}})
