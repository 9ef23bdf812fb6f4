import {ux} from '@oclif/core/ux'

import {domainHostname, hostnameArg} from '../../flags/domain-flags.js'
import {confirmFlag, platformFlags} from '../../flags/platform-flags.js'
import {type DomainJson, toDomainJson} from '../../lib/display/domain-json.js'
import {PlatformCommand} from '../../platform-command.js'
import {confirmDestructive} from '../../prompts/confirm-destructive.js'

export default class DomainsRemove extends PlatformCommand {
  static override args = hostnameArg

  static override description =
    'Removes a custom domain from an app. Needs --confirm APP when there is no terminal (exit 9 otherwise; nothing changes).'

  static override examples = [
    '<%= config.bin %> <%= command.id %> www.example.com --app example-app --confirm example-app',
  ]

  static override flags = {...platformFlags, ...confirmFlag}

  static override summary = 'remove a domain from an app'

  async run(): Promise<DomainJson> {
    const {args, flags} = await this.parse(DomainsRemove)
    const hostname = domainHostname(args.hostname)
    const platform = await this.platformClient()
    // Only a prompt needs the domain read first (nobody is asked about a domain that does not exist);
    // with --confirm, the DELETE alone answers, as Heroku's does.
    if (flags.confirm === undefined) await platform.getDomain(flags.app, hostname)
    await confirmDestructive({
      app: flags.app,
      command: 'domains:remove',
      confirm: flags.confirm,
      json: this.jsonEnabled(),
      rerun: this.rerunWith('--confirm', flags.app),
      warn: (l) => this.logToStderr(l),
      warning: [`This command will remove ${hostname} from ${flags.app}.`],
    })
    ux.action.start(`Removing ${hostname} from ${flags.app}`)
    const domain = await this.change(
      platform,
      {
        check: ['domains', '--app', flags.app],
        done: `${hostname} was removed from ${flags.app}`,
        what: `the removal of ${hostname} from ${flags.app}`,
      },
      () => platform.removeDomain(flags.app, hostname),
    )
    ux.action.stop()
    return toDomainJson(domain)
  }
}
