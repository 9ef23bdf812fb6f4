import {SniError} from '../../../lib/sni-error.js'
import {ExitCode} from '../../../lib/exit-codes.js'
import {resolveHerokuBaseUrl} from './resolve-heroku-base-url.js'

export interface ResolveHerokuTokenOptions {
  /** Directory holding `.netrc`; default `$HOME`, else the OS home directory. */
  home?: string
  /** One-line warnings (a netrc readable by others); the caller decides where they go. */
  warn?: (message: string) => void
}

/** A token is printable ASCII without spaces; anything else would corrupt the Authorization header. */
const TOKEN_PATTERN = /^[\x21-\x7e]+$/

function notLoggedIn(): SniError {
  return new SniError('not logged in to Heroku; set HEROKU_API_KEY or run heroku login', {
    code: 'NOT_LOGGED_IN',
    exit: ExitCode.auth,
    hint: 'Set HEROKU_API_KEY (for example to the output of heroku auth:token), or run heroku login so that ~/.netrc holds a token.',
  })
}

function malformed(source: string): SniError {
  return new SniError(`the Heroku token in ${source} contains characters a token cannot have`, {
    code: 'TOKEN_INVALID',
    exit: ExitCode.auth,
    hint: `Check ${source} for stray quotes, spaces or line breaks, or run heroku login again.`,
  })
}

/**
 * Reads the netrc format (machine/login/password/account tokens, `default`, `macdef` bodies, `#` comment
 * lines) and returns the password of `machine`. The `default` entry is ignored on purpose: a token meant
 * for another host must never be sent to the API.
 */
export function findNetrcPassword(text: string, machines: readonly string[]): string | undefined {
  const lines = text.split(/\r?\n/)
  const tokens: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (/^\s*#/.test(line)) continue
    const words = line.split(/\s+/).filter((word) => word !== '')
    for (let w = 0; w < words.length; w++) {
      const word = words[w] ?? ''
      if (word === 'macdef') {
        // The macro body runs to the next blank line.
        while (i + 1 < lines.length && (lines[i + 1] ?? '').trim() !== '') i++
        break
      }

      tokens.push(word)
    }
  }

  const passwords = new Map<string, string>()
  let current: string | undefined
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]
    if (token === 'machine') {
      current = tokens[++t]
    } else if (token === 'default') {
      current = undefined
    } else if (token === 'login' || token === 'account') {
      t++
    } else if (token === 'password') {
      const value = tokens[++t]
      if (current !== undefined && value !== undefined && !passwords.has(current)) passwords.set(current, value)
    }
  }

  for (const machine of machines) {
    const password = passwords.get(machine)
    if (password !== undefined) return password
  }

  return undefined
}

/**
 * Last resort, when neither HEROKU_API_KEY nor ~/.netrc has a token: ask the Heroku CLI itself
 * (`heroku auth:token`), which also reads the OS keychain it may keep the token in. Loading
 * @heroku-cli/command for that would cost ~400 ms and send telemetry; a subprocess costs nothing
 * unless this path is reached. stdin is closed, so a CLI that is not logged in fails instead of
 * prompting; its output other than the token is discarded. Off with SNI_HEROKU_CLI_TOKEN=0.
 */
async function readHerokuCliToken(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (env.SNI_HEROKU_CLI_TOKEN === '0') return undefined
  const {execFile} = await import('node:child_process')
  return new Promise((resolve) => {
    const child = execFile(
      'heroku',
      ['auth:token'],
      {encoding: 'utf8', env, maxBuffer: 64 * 1024, timeout: 20_000},
      (error, stdout) => {
        const token = error ? undefined : stdout.trim().split('\n').at(-1)?.trim()
        resolve(token && TOKEN_PATTERN.test(token) ? token : undefined)
      },
    )
    child.stdin?.end()
  })
}

/**
 * The API token: `HEROKU_API_KEY`, else the `password` of the API host's machine in `~/.netrc` (with a
 * warning when the file is readable by group or others), else what `heroku auth:token` prints (the
 * Heroku CLI's own credential store), else exit 4. Never taken from a flag; never printed.
 * The machine is the API host of HEROKU_HOST (so an invalid HEROKU_HOST fails here too, exit 2).
 */
export async function resolveHerokuToken(
  env: NodeJS.ProcessEnv,
  options: ResolveHerokuTokenOptions = {},
): Promise<string> {
  const fromEnv = env.HEROKU_API_KEY?.trim()
  if (fromEnv) {
    if (!TOKEN_PATTERN.test(fromEnv)) throw malformed('HEROKU_API_KEY')
    return fromEnv
  }

  if (env.HEROKU_API_TOKEN) options.warn?.('HEROKU_API_TOKEN is set but not read; did you mean HEROKU_API_KEY?')

  const base = resolveHerokuBaseUrl(env)
  const [{readFile, stat}, {join}, {homedir}] = await Promise.all([
    import('node:fs/promises'),
    import('node:path'),
    import('node:os'),
  ])
  const home = options.home ?? (env.HOME || homedir())
  const file = join(home, '.netrc')

  let text = ''
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'ENOENT' && code !== 'ENOTDIR')
      options.warn?.(`cannot read ${file}${code ? ` (${code})` : ''}; ignoring it`)
  }

  // The hostname with and without the port: the Heroku CLI names the machine after the URL's host.
  const password = findNetrcPassword(text, [...new Set([base.host, base.hostname])])
  if (password === undefined) {
    const fromCli = await readHerokuCliToken(env)
    if (fromCli === undefined) throw notLoggedIn()
    return fromCli
  }
  if (!TOKEN_PATTERN.test(password)) throw malformed(file)

  if (process.platform !== 'win32') {
    try {
      const {mode} = await stat(file)
      if ((mode & 0o044) !== 0) {
        options.warn?.(`${file} is readable by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${file}`)
      }
    } catch {
      // Read a moment ago; a failing stat changes nothing.
    }
  }

  return password
}
