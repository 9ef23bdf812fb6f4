import {domainHostname, hostnameArg} from '../../flags/domain-flags.js'
import {platformFlags} from '../../flags/platform-flags.js'
import {renderDomainInfo} from '../../lib/display/domain-table.js'
import {renderStyledObject} from '../../lib/display/styled-object.js'
import {type DomainJson, toDomainJson} from '../../lib/display/domain-json.js'
import {PlatformCommand} from '../../platform-command.js'

export default class DomainsInfo extends PlatformCommand {
  static override args = hostnameArg

  static override description =
    "Shows one domain as Heroku does: the API's Domain object, key by key (app by name, null fields left out)."

  static override examples = ['<%= config.bin %> <%= command.id %> www.example.com --app example-app --json']

  static override flags = {...platformFlags}

  static override summary = 'show detailed information for a domain on an app'

  async run(): Promise<DomainJson> {
    const {args, flags} = await this.parse(DomainsInfo)
    const hostname = domainHostname(args.hostname)
    const platform = await this.platformClient()
    const domain = await platform.getDomain(flags.app, hostname)
    this.log(renderStyledObject(renderDomainInfo(domain)))
    return toDomainJson(domain)
  }
}
