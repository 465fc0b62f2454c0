// Runs in the vitest test workers of the integration project: the built `pier` CLI in a child
// process, on a test's own data folder (the runner lives with the e2e helpers that share it).
export { runPier, type CliResult, type RunPierOptions } from '../e2e/serve'
