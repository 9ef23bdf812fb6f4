import {homedir} from 'node:os'
import {isAbsolute, join, resolve} from 'node:path'

/** File name of the local platform's SQLite store inside SNI_HOME. */
export const STORE_FILE_NAME = 'platform.db'

/**
 * Where the local platform keeps its data: SNI_HOME, else `$XDG_DATA_HOME/sni`, else `~/.local/share/sni`.
 * A relative XDG_DATA_HOME is ignored, as the XDG spec says.
 */
export function resolveSniHome(env: NodeJS.ProcessEnv): string {
  if (env.SNI_HOME) return resolve(env.SNI_HOME)
  if (env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME)) return join(env.XDG_DATA_HOME, 'sni')
  return join(env.HOME || homedir(), '.local', 'share', 'sni')
}
