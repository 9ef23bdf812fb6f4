/**
 * What a command had done when it stopped early (Ctrl-C, SIGTERM, Ctrl-C at a prompt): the facts a
 * user needs to decide what to do next. Each entry is one clause, ready to print or serialise.
 */
export interface InterruptionAccount {
  /** Changes made, in order: `endpoint bison-12345 was added to shop`. */
  done: string[]
  /** Changes that may or may not have happened (a request in flight), each saying how to check. */
  uncertain: string[]
  /** Planned changes that were not made: `no domain was associated`. */
  notDone: string[]
  /** Commands that finish the work, ready to paste. */
  toFinish: string[]
}

/**
 * A record of a command's steps, kept as they happen, so that an interruption at any moment can be
 * reported truthfully. A command creates one and passes it through its workflow: a mutating request
 * runs inside `step` (while it is in flight its outcome is unknown), a finished change is `done`, and
 * `remaining` says what is still to do and how to finish it.
 */
export class StepJournal {
  readonly #done: string[] = []
  readonly #inFlight = new Set<{uncertain: string}>()
  #notDone: string[] = []
  #toFinish: string[] = []

  /** Records a change that was made. */
  done(fact: string): void {
    this.#done.push(fact)
  }

  /** Replaces what is left to do: facts about the steps not made, and the commands that would make them. */
  remaining(notDone: string[], toFinish: string[] = []): void {
    this.#notDone = [...notDone]
    this.#toFinish = [...toFinish]
  }

  /** Runs a mutating step. While it is in flight, an interruption reports `uncertain` (what may have happened, and how to check). */
  async step<T>(uncertain: string, run: () => Promise<T>): Promise<T> {
    const entry = {uncertain}
    this.#inFlight.add(entry)
    try {
      return await run()
    } finally {
      this.#inFlight.delete(entry)
    }
  }

  /** The account as of now. */
  account(): InterruptionAccount {
    return {
      done: [...this.#done],
      notDone: [...this.#notDone],
      toFinish: [...this.#toFinish],
      uncertain: [...this.#inFlight].map((entry) => entry.uncertain),
    }
  }
}

/** Nothing was changed and nothing may have been: the account of a run stopped before any mutation. */
export function changedNothing(account: InterruptionAccount): boolean {
  return account.done.length === 0 && account.uncertain.length === 0
}
