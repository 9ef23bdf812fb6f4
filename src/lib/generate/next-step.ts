import type {OutputFiles} from './output-files.js'

export interface NextStep {
  /** The command to run next, ready to paste (paths quoted when a shell needs it). */
  command: string
  /** What to tell the user, ending with `$ <command>`. */
  lines: string[]
}

function quoteForShell(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`
}

/** What to do with the files: add a self-signed certificate now, or get the CSR signed first. */
export function describeNextStep(bin: string, files: OutputFiles, selfSigned: boolean): NextStep {
  const key = quoteForShell(files.keyFile)
  if (selfSigned) {
    const command = `${bin} certs:add ${quoteForShell(files.requestFile)} ${key} --app APP`
    return {command, lines: ['Your key and self-signed certificate have been generated.', 'Next, run:', `$ ${command}`]}
  }

  const command = `${bin} certs:add CERTFILE ${key} --app APP`
  return {
    command,
    lines: [
      `Submit the CSR in '${files.requestFile}' to your certificate authority.`,
      'When you have its certificate, run:',
      `$ ${command}`,
    ],
  }
}
