import {ux} from '@oclif/core/ux'

import {confirmFlag, platformFlags} from '../../flags/platform-flags.js'
import {cliCommand} from '../../lib/cli-command.js'
import {type DomainJson, toDomainJson} from '../../lib/display/domain-json.js'
import {ExitCode} from '../../lib/exit-codes.js'
import {toSniError} from '../../lib/sni-error.js'
import {PlatformCommand} from '../../platform-command.js'
import {confirmDestructive} from '../../prompts/confirm-destructive.js'

/** The `domains:clear --json` result (schema: schemas/domains-clear.json). */
export interface DomainsClearResult {
  removed: DomainJson[]
  failed: Array<{error: string; hostname: string}>
}

export default class DomainsClear extends PlatformCommand {
  static override description = `Removes every custom domain of an app (the platform's own domain stays), one request each, as Heroku does. Needs --confirm APP when there is no terminal (exit 9 otherwise; nothing changes).
Every domain is attempted; if some cannot be removed, the rest still are, and the command exits 6 naming those left.`

  static override examples = ['<%= config.bin %> <%= command.id %> --app example-app --confirm example-app']

  static override flags = {...platformFlags, ...confirmFlag}

  static override summary = 'remove all domains from an app'

  async run(): Promise<DomainsClearResult> {
    const {flags} = await this.parse(DomainsClear)
    const platform = await this.platformClient()
    const custom = (await platform.listDomains(flags.app)).filter((d) => d.kind === 'custom')
    const result: DomainsClearResult = {failed: [], removed: []}
    if (custom.length === 0) {
      this.logToStderr(`${flags.app} has no custom domains; nothing to remove.`)
      return result
    }

    await confirmDestructive({
      app: flags.app,
      command: 'domains:clear',
      confirm: flags.confirm,
      json: this.jsonEnabled(),
      rerun: this.rerunWith('--confirm', flags.app),
      warn: (line) => this.logToStderr(line),
      // confirmDestructive prefixes each line with "Warning:", so Heroku's "WARNING:" is not repeated.
      warning: [
        'Destructive Action',
        `This command will remove all ${custom.length} custom domains from ${flags.app}.`,
      ],
    })
    ux.action.start(`Removing all domains from ${flags.app}`)
    for (const domain of custom) {
      try {
        result.removed.push(toDomainJson(await platform.removeDomain(flags.app, domain.hostname)))
      } catch (error) {
        result.failed.push({error: toSniError(error).message, hostname: domain.hostname})
      }
    }

    ux.action.stop(result.failed.length === 0 ? 'done' : '!')
    if (result.failed.length > 0) {
      process.exitCode = ExitCode.partial
      this.log(
        [
          `Removed ${result.removed.length} of ${custom.length} custom domains; these remain:`,
          ...result.failed.map((f) => `  ✗ ${f.hostname}  ${f.error}`),
          `Run it again to retry them: \`${cliCommand('domains:clear', '--app', flags.app, '--confirm', flags.app)}\``,
        ].join('\n'),
      )
    }

    return result
  }
}
