import * as Flags from '@oclif/core/flags'

/** The bound of domains:wait and domains:add --wait (Heroku's waits have none). */
export const waitFlags = {
  timeout: Flags.integer({default: 600, description: 'seconds to wait at most before giving up (exit 7)', max: 86_400, min: 0}),
}
