// Runs in: CLI.
// Asks a yes/no question on the terminal. Only when both stdin and stdout are a terminal: a
// script gets no prompt, so the command refuses instead (the service's confirmation_required).
import readline from 'node:readline/promises'

export async function confirmOnTty(question: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return false
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout })
  try {
    const answer = await rl.question(`${question} [y/N] `)
    return /^y(es)?$/i.test(answer.trim())
  } finally {
    rl.close()
  }
}
