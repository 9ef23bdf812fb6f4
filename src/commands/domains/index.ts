import {platformFlags} from '../../flags/platform-flags.js'
import {renderDomainList} from '../../lib/display/domain-table.js'
import type {Domain} from '../../platform/models.js'
import {PlatformCommand} from '../../platform-command.js'

export default class DomainsIndex extends PlatformCommand {
  static override description = 'Lists the domains of an app with their DNS record type, DNS target and SSL certificate.'

  static override examples = ['<%= config.bin %> <%= command.id %> --app example-app', '<%= config.bin %> <%= command.id %> --app example-app --json']

  static override flags = {...platformFlags}

  static override summary = 'list domains for an app'

  async run(): Promise<Domain[]> {
    const {flags} = await this.parse(DomainsIndex)
    const platform = await this.platformClient(flags)
    const domains = await platform.listDomains(flags.app)
    this.log(renderDomainList(flags.app, domains))
    return domains
  }
}
