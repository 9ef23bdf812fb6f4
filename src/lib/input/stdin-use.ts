import {usageError} from '../sni-error.js'

/**
 * stdin can be read once. When several inputs are `-` (`certs:add - -`, a CRT from stdin with
 * `--passphrase-file -`), the second would read nothing and fail with a misleading "empty" error;
 * this refuses the command line instead, naming the inputs that compete for stdin (exit 2).
 * `inputs` pairs each input's name as the user wrote it (`CRT`, `--passphrase-file`) with its value.
 */
export function assertOneStdinReader(inputs: Array<[name: string, value: string | string[] | undefined]>): void {
  const readers = inputs.flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).filter((v) => v === '-').map(() => name))
  if (readers.length < 2) return
  throw usageError(
    `${readers.join(' and ')} are ${readers.length === 2 ? 'both' : 'all'} - (stdin), but stdin can be read only once.`,
    'STDIN_CONFLICT',
    `Read at most one input from stdin; give the other${readers.length > 2 ? 's' : ''} as a file path.`,
  )
}
