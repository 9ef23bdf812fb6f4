import {inputError, type SniError} from '../sni-error.js'

/**
 * Turns a failed stat/open/read into our error. `what` names the input (`certificate file`);
 * `name` is the display name of the path. The system message is not passed on: it adds nothing
 * a user needs and the codes below cover the cases that happen.
 */
export function describeFileError(error: unknown, what: string, name: string): SniError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR': {
      return inputError(`${what} not found: ${name}`, 'FILE_NOT_FOUND', 'Check the path; it is relative to the current directory.')
    }

    case 'EACCES':
    case 'EPERM': {
      return inputError(`cannot read ${name}: permission denied`, 'FILE_UNREADABLE', 'Check the file permissions, or run as a user who can read it.')
    }

    default: {
      return inputError(`cannot read ${what} ${name}${code ? ` (${code})` : ''}`, 'FILE_UNREADABLE', 'Check that the path names a readable regular file.')
    }
  }
}
