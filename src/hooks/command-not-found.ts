import type {Hook} from '@oclif/core/hooks'
import {createRequire} from 'node:module'

import {renderErrorText, toErrorJson} from '../error-output.js'
import {cliCommand, setCliBin} from '../lib/cli-command.js'
import {ExitCode} from '../lib/exit-codes.js'
import {SniError} from '../lib/sni-error.js'
import {suggestCommand} from '../lib/suggest-command.js'

/**
 * An unknown command: a usage error (exit 2, as the README's table says; oclif's default is a bare
 * "command not found") with the likely command spelled out with the user's own arguments, so it
 * can be pasted. `--json` gets the JSON error on stdout. Never a prompt: a CI job must not stop at
 * "did you mean ...? (Y/n)", and running a different command than the one typed is not ours to guess.
 * Loaded only when a command is not found, so it costs nothing at start-up.
 */
const hook: Hook.CommandNotFound = async function (options) {
  const {config, id} = options
  // As a plugin of another CLI (`npm run link` into the heroku CLI) this hook would run for every
  // command that CLI does not know, next to its own: unknown commands are then that CLI's to answer.
  if (config.pjson.name !== ownPackageName()) return
  const argv = options.argv ?? []
  setCliBin(config.bin)
  const ids = config.commands.filter((c) => !c.hidden).map((c) => c.id)
  const suggestion = suggestCommand(id, [...ids, 'help'])
  const list = `Run \`${cliCommand('help')}\` for a list of commands.`
  const error = new SniError(`${id} is not a ${config.bin} command.`, {
    code: 'COMMAND_NOT_FOUND',
    exit: ExitCode.usage,
    hint: suggestion ? `Did you mean \`${cliCommand(suggestion, ...argv)}\`? ${list}` : list,
  })
  if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(toErrorJson(error), null, 2)}\n`)
  else process.stderr.write(renderErrorText(error, {debug: false}))
  this.exit(error.exit)
}

/** The name in this package's package.json (src/hooks and dist/hooks are both two folders below it). */
function ownPackageName(): string {
  return (createRequire(import.meta.url)('../../package.json') as {name: string}).name
}

export default hook
