import * as Flags from '@oclif/core/flags'

/**
 * The app when -a and HEROKU_APP are absent: inferred from the current git repository's Heroku remote
 * (-r picks one), as the Heroku CLI does. Never cached in the oclif manifest (it depends on the cwd).
 */
async function inferApp({flags}: {flags: {remote?: string}}): Promise<string | undefined> {
  const {inferAppFromGit} = await import('../platform/git-remote-app.js')
  return inferAppFromGit({cwd: process.cwd(), env: process.env, remote: flags.remote})
}

/** `-r/--remote`: the git remote whose Heroku app to use when -a is not given. */
export const remoteFlag = {
  remote: Flags.string({char: 'r', description: 'git remote of app to use'}),
}

/** `-a/--app` as the Heroku CLI defines it: env HEROKU_APP, else inferred from the git remote. */
export function appFlag(options: {description?: string; required?: boolean} = {}) {
  return Flags.string({
    char: 'a',
    default: inferApp,
    defaultHelp: async () => undefined,
    description: options.description ?? 'app to run command against',
    env: 'HEROKU_APP',
    noCacheDefault: true,
    required: options.required,
  })
}

/** `-a/--app` (env HEROKU_APP or the git remote, as in the Heroku CLI), `-r/--remote` and `--platform` on every platform command. */
export const platformFlags = {
  app: appFlag({required: true}),
  ...remoteFlag,
  platform: Flags.string({
    description:
      'platform to talk to: local (embedded, the default of the standalone sni) or heroku (env: SNI_PLATFORM)',
    options: ['heroku', 'local'],
  }),
}

/** Heroku's endpoint selectors, shared by certs:info, certs:update and certs:remove. */
export const endpointSelectorFlags = {
  endpoint: Flags.string({description: 'custom domain the SSL certificate is associated with', exclusive: ['name']}),
  name: Flags.string({description: 'name of the SSL certificate', exclusive: ['endpoint']}),
}

/** `--confirm APP`: visible (Heroku hides it), required for destructive commands outside a terminal. */
export const confirmFlag = {
  confirm: Flags.string({
    description: 'confirm the destructive action by repeating the app name (required without a terminal)',
  }),
}

/** `-j/--json` where Heroku has it (domains, domains:add): our global --json, with Heroku's short form. */
export const shortJsonFlag = {
  json: Flags.boolean({char: 'j', description: 'output in json format'}),
}
