/**
 * Commands printed in hints, "next, run" lines and resume instructions: the user pastes them, so
 * each must be a complete command line for the CLI that is running. Hints are built deep in lib
 * and the platform adapters, which know the names involved but not how the CLI was started; the
 * command layer sets the name once at start-up (oclif's `config.bin`: `sni`, or `heroku` when sni
 * runs as the Heroku CLI's plugin) instead of threading it through every signature.
 *
 * Conventions, checked by the hint test over every command test's output (test/helpers/hint-check.ts):
 * in a sentence a command is wrapped in backticks (`sni certs --app shop`); on a line of its own it
 * stands alone, optionally after `$ `. Placeholders (CRT, KEY, APP) only where the value cannot be known.
 */
let cliBin = 'sni'

/** Called by the base command with `config.bin`. */
export function setCliBin(bin: string): void {
  cliBin = bin
}

/** The running CLI's name. */
export function getCliBin(): string {
  return cliBin
}

/** A word as a POSIX shell reads it back unchanged: bare when safe, else single-quoted. */
export function quoteForShell(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", String.raw`'\''`)}'`
}

/** `sni domains:info www.example.com --app shop`: the command line, each word quoted when a shell needs it. */
export function cliCommand(id: string, ...words: string[]): string {
  return [cliBin, id, ...words.map((w) => quoteForShell(w))].join(' ')
}
