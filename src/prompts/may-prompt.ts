/** A stream as far as prompting cares: is a person at the other end? */
interface MaybeTerminal {
  isTTY?: boolean
}

export interface PromptContext {
  /** --json was given. */
  json: boolean
  /** Where CI is read; default process.env. */
  env?: NodeJS.ProcessEnv
  /** The streams the prompt reads and draws on; default stdin and stderr (prompts never write to stdout). */
  streams?: MaybeTerminal[]
}

/**
 * `CI` as the oclif and Heroku ecosystems read it (and GitHub Actions, GitLab, CircleCI, Travis and
 * Buildkite set it): any non-empty value but `false` or `0` means an unattended run, even when the
 * runner allocates a pseudo-terminal.
 */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (env.CI ?? '').trim().toLowerCase()
  return value !== '' && value !== 'false' && value !== '0'
}

/**
 * The one decision "may sni prompt?": why not, or undefined when it may. Every prompt (confirmation,
 * passphrase, domain picker, owner details) asks this first, so the rules cannot drift apart: never
 * under CI, never with --json (a tool reading the JSON is not a person), and only when a person can
 * answer, i.e. the prompt's streams are terminals.
 */
export function whyNoPrompt(context: PromptContext): string | undefined {
  if (isCi(context.env ?? process.env)) return 'CI is set, so sni never prompts'
  if (context.json) return '--json was given, so sni never prompts'
  const streams = context.streams ?? [process.stdin, process.stderr]
  if (!streams.every((s) => s.isTTY === true)) return 'there is no terminal to ask'
  return undefined
}

export function mayPrompt(context: PromptContext): boolean {
  return whyNoPrompt(context) === undefined
}
