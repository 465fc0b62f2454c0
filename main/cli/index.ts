// Runs in: CLI (plain Node). Entry point of `bin/pier.js`.
import { main } from './run'

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
