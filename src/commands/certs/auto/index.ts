import {AcmCommand} from '../../../acm-command.js'
import {acmWaitFlags} from '../../../flags/acm-flags.js'
import {platformFlags} from '../../../flags/platform-flags.js'
import {type AcmStatusJson, toAcmStatusJson} from '../../../lib/display/acm-status-view.js'

export default class CertsAuto extends AcmCommand {
  static override description = `Shows whether Automated Certificate Management is on, the ACM certificate (details and renewal date) and each custom domain's ACM status with Heroku's words (Waiting, In Progress, Cert issued, Failing, Failed), the reason and when it last changed. Failed domains get the DNS change that fixes them.
--wait shows each domain's progress on stderr until every domain has its certificate or failed: exit 6 when some failed, 7 when --wait-timeout passes first (listing what is still pending).`

  static override examples = [
    '<%= config.bin %> <%= command.id %> --app example-app',
    '<%= config.bin %> <%= command.id %> --app example-app --wait --wait-timeout 5m',
    '<%= config.bin %> <%= command.id %> --app example-app --json',
  ]

  static override flags = {...platformFlags, ...acmWaitFlags}

  static override summary = 'show ACM status for an app'

  async run(): Promise<AcmStatusJson> {
    const {flags} = await this.parse(CertsAuto)
    this.waitBounds(flags)
    const platform = await this.platformClient()
    this.requireRouterForWait(platform, flags)
    return toAcmStatusJson(await this.reportAcm(platform, flags.app, flags))
  }
}
