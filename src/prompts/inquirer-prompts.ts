import {mayPrompt} from './may-prompt.js'

/**
 * A masked passphrase prompt, offered only when sni may prompt (may-prompt.ts: a terminal, no
 * --json, no CI). It writes to stderr so stdout stays clean. @inquirer/password loads lazily.
 */
export function createPassphrasePrompt(json: boolean): ((message: string) => Promise<string>) | undefined {
  if (!mayPrompt({json})) return undefined
  return async (message: string) => {
    const {default: password} = await import('@inquirer/password')
    return password({mask: '*', message}, {output: process.stderr})
  }
}

/** Heroku's domain picker (nothing pre-selected). Only called on a terminal; @inquirer/checkbox loads lazily. */
export async function chooseDomains(hostnames: string[]): Promise<string[]> {
  const {default: checkbox} = await import('@inquirer/checkbox')
  return checkbox({choices: hostnames.map((value) => ({value})), message: 'Select domains'})
}
