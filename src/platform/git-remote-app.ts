import {readFileSync, statSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'

import {usageError} from '../lib/sni-error.js'

/** A remote of the current git repository: its name and its first `url`. */
export interface GitRemote {
  name: string
  url: string
}

/** What the repository's git configuration says about remotes (read from `.git/config`; git is never run). */
export interface GitRemoteConfig {
  remotes: GitRemote[]
  /** `git config heroku.remote`: the remote the Heroku CLI uses by default. */
  herokuRemote?: string
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/**
 * The git directory for `cwd`, as git finds it: GIT_DIR, else the nearest `.git` upwards, which is a
 * directory, or (worktrees, submodules) a file `gitdir: PATH`.
 */
export function findGitDir(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env.GIT_DIR) return resolve(cwd, env.GIT_DIR)
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, '.git')
    if (isDirectory(candidate)) return candidate
    const pointer = readText(candidate)
    const match = pointer === undefined ? null : /^gitdir:\s*(.+?)\s*$/m.exec(pointer)
    if (match?.[1]) return resolve(dir, match[1])
    if (dirname(dir) === dir) return undefined
  }
}

/** The config file of a git directory: a linked worktree's `commondir` names the repository's shared one. */
export function gitConfigPath(gitDir: string): string {
  const common = readText(join(gitDir, 'commondir'))?.trim()
  return join(common ? resolve(gitDir, common) : gitDir, 'config')
}

/** A value as git reads it: quotes removed, `\"` `\\` `\n` `\t` unescaped, a comment outside quotes dropped. */
function parseValue(raw: string): string {
  let out = ''
  let quoted = false
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string
    if (ch === '\\' && i + 1 < raw.length) {
      const next = raw[++i] as string
      out += next === 'n' ? '\n' : next === 't' ? '\t' : next
    } else if (ch === '"') {
      quoted = !quoted
    } else if (!quoted && (ch === '#' || ch === ';')) {
      break
    } else {
      out += ch
    }
  }

  return out.trim()
}

/**
 * The remotes (name and first url) and `heroku.remote` of a git config file. Section and key names
 * are case-insensitive, subsection names (the remote's name) case-sensitive, as in git.
 */
export function parseGitConfig(text: string): GitRemoteConfig {
  const urls = new Map<string, string>()
  let herokuRemote: string | undefined
  let section = ''
  let subsection: string | undefined
  const lines = text.replaceAll(/\\\r?\n/g, '').split(/\r?\n/)
  for (const line of lines) {
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue
    const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(trimmed)
    if (header) {
      const [name = '', ...dotted] = (header[1] ?? '').split('.')
      section = name.toLowerCase()
      subsection =
        header[2] === undefined
          ? dotted.length > 0
            ? dotted.join('.')
            : undefined
          : header[2].replaceAll(/\\(.)/g, '$1')
      continue
    }

    const entry = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=(.*))?$/.exec(trimmed)
    if (!entry) continue
    const key = (entry[1] ?? '').toLowerCase()
    const value = parseValue(entry[2] ?? '')
    if (section === 'remote' && subsection !== undefined && key === 'url' && !urls.has(subsection))
      urls.set(subsection, value)
    if (section === 'heroku' && subsection === undefined && key === 'remote') herokuRemote = value
  }

  return {herokuRemote, remotes: [...urls].map(([name, url]) => ({name, url}))}
}

/** The hosts of Heroku's git service: git.heroku.com (https), heroku.com (ssh), and those HEROKU_HOST / HEROKU_GIT_HOST name. */
function gitPrefixes(env: NodeJS.ProcessEnv): string[] {
  const sshHosts = new Set(['heroku.com'])
  const httpHosts = new Set(['git.heroku.com'])
  const host = env.HEROKU_HOST?.trim()
  if (host) {
    if (/^https?:\/\//i.test(host)) {
      try {
        const {host: urlHost} = new URL(host)
        sshHosts.add(urlHost)
        httpHosts.add(urlHost)
      } catch {
        // an unusable HEROKU_HOST is reported where the API URL is resolved
      }
    } else {
      sshHosts.add(host)
      httpHosts.add(`git.${host}`)
    }
  }

  if (env.HEROKU_GIT_HOST) {
    sshHosts.add(env.HEROKU_GIT_HOST)
    httpHosts.add(env.HEROKU_GIT_HOST)
  }

  return [
    ...[...sshHosts].flatMap((h) => [`git@${h}:`, `ssh://git@${h}/`]),
    ...[...httpHosts].flatMap((h) => [`https://${h}/`, `http://${h}/`, `${h}/`]),
  ]
}

/** The app a Heroku git URL points at (`https://git.heroku.com/APP.git`, `git@heroku.com:APP.git`, ...); undefined for other URLs. */
export function appFromGitUrl(url: string, env: NodeJS.ProcessEnv = {}): string | undefined {
  for (const prefix of gitPrefixes(env)) {
    if (!url.toLowerCase().startsWith(prefix.toLowerCase())) continue
    const app = url
      .slice(prefix.length)
      .replace(/\/+$/, '')
      .replace(/\.git$/, '')
    if (app !== '' && !app.includes('/')) return app
  }

  return undefined
}

/**
 * The app of the current git repository, as the Heroku CLI infers it when -a is not given: the remote
 * named by -r (or by `git config heroku.remote`), else the one remote that points at Heroku (usually
 * `heroku`). Several Heroku remotes and no -r is a usage error (which app is meant is a guess); no
 * repository or no Heroku remote gives undefined (then "Missing required flag app").
 */
export function inferAppFromGit(options: {cwd: string; env: NodeJS.ProcessEnv; remote?: string}): string | undefined {
  const gitDir = findGitDir(options.cwd, options.env)
  const text = gitDir === undefined ? undefined : readText(gitConfigPath(gitDir))
  const config = text === undefined ? {remotes: []} : parseGitConfig(text)
  const wanted = options.remote ?? config.herokuRemote
  if (wanted !== undefined) {
    const remote = config.remotes.find((r) => r.name === wanted)
    const app = remote ? appFromGitUrl(remote.url, options.env) : undefined
    if (app !== undefined) return app
    throw usageError(
      remote
        ? `Git remote ${wanted} does not point at a Heroku app (its url is ${remote.url.slice(0, 200)}).`
        : `Git remote ${wanted} was not found in this repository.`,
      'GIT_REMOTE_NOT_FOUND',
      `Pass --app APP, or name a remote that points at Heroku (git remote -v lists them).`,
    )
  }

  const herokuRemotes = config.remotes.flatMap((r) => {
    const app = appFromGitUrl(r.url, options.env)
    return app === undefined ? [] : [{app, name: r.name}]
  })
  const apps = new Set(herokuRemotes.map((r) => r.app))
  if (apps.size === 1) return herokuRemotes[0]?.app
  if (apps.size > 1) {
    throw usageError(
      `This git repository has remotes for several Heroku apps (${herokuRemotes.map((r) => `${r.app} (${r.name})`).join(', ')}), so the app cannot be inferred.`,
      'GIT_REMOTE_AMBIGUOUS',
      `Pass --app APP or --remote REMOTE, for example --remote ${herokuRemotes[0]?.name ?? 'heroku'}.`,
    )
  }

  return undefined
}
