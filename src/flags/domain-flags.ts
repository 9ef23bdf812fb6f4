import * as Args from '@oclif/core/args'

/** HOSTNAME argument of the domains commands; normalised and validated by normalizeHostname before use. */
export const hostnameArg = {
  hostname: Args.string({description: 'domain name (Unicode names are converted to their A-label)', ignoreStdin: true, required: true}),
}
