import {SniCommand} from './base-command.js'
import {createPlatformClient, resolvePlatformKind} from './platform/create-platform-client.js'
import type {PlatformClient} from './platform/platform-client.js'

/** Base of commands that talk to a platform: picks it (flag > SNI_PLATFORM > host CLI) and closes it afterwards. */
export abstract class PlatformCommand extends SniCommand {
  private client?: PlatformClient

  protected async platformClient(flags: {platform?: string}): Promise<PlatformClient> {
    const kind = resolvePlatformKind({env: process.env, flag: flags.platform, hostBin: this.config.bin})
    this.client = await createPlatformClient(kind, {env: process.env, onNotice: (message) => this.logToStderr(message)})
    return this.client
  }

  protected override async finally(err: Error | undefined): Promise<unknown> {
    this.client?.close()
    return super.finally(err)
  }
}
