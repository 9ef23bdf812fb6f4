/**
 * Exit codes used by every command (documented in the README). Scripts branch on these,
 * so they never change meaning.
 */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  inputRejected: 3,
  auth: 4,
  platformRefused: 5,
  partial: 6,
  transient: 7,
  store: 8,
  confirmation: 9,
  /** certs:check: the live TLS check found problems (every failed check is listed). */
  checkFailed: 10,
  interrupted: 130,
} as const

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]
