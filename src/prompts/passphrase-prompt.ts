/**
 * A masked passphrase prompt, offered only when both stdin and stderr are terminals. The prompt
 * writes to stderr so stdout (and --json output) stays clean. @inquirer/password loads lazily.
 */
export function createPassphrasePrompt(): ((message: string) => Promise<string>) | undefined {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined
  return async (message: string) => {
    const {default: password} = await import('@inquirer/password')
    return password({mask: '*', message}, {output: process.stderr})
  }
}
