#!/usr/bin/env node
// The `pier` launcher: runs the CLI from the built bundle (npm run build makes out/main/cli.js).
'use strict'
const path = require('node:path')
const fs = require('node:fs')
const cli = path.join(__dirname, '..', 'out', 'main', 'cli.js')
if (!fs.existsSync(cli)) {
  process.stderr.write(
    'pier: the CLI is not built yet (hint: run `npm run build` in the Pier checkout)\n'
  )
  process.exit(1)
}
require(cli)
