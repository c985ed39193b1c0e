/** Running a script from the command line: exit codes, one-line errors, cleanup on Ctrl-C. */

/**
 * Cleanups (close a browser, remove a temp dir), run newest first and each once: by the script
 * when it is done, and on Ctrl-C or SIGTERM before it exits.
 */
export function cleanupStack() {
  const stack = [];
  return {
    /** Register `fn`; returns it. */
    add(fn) {
      stack.push(fn);
      return fn;
    },
    async run() {
      while (stack.length) await stack.pop()();
    },
  };
}

/**
 * Run `main(cleanups)` as the script `name`, run the cleanups it left, and exit with the code
 * it resolves to. An error marked `userFacing` prints as one line (`name: message`), any other
 * with its stack; both exit 1. Ctrl-C (exit 130) or SIGTERM (143) runs the cleanups first;
 * main's own failure is moot then (its browser went away under it).
 */
export function runScript(name, main) {
  const cleanups = cleanupStack();
  let stopping = false;
  const onSignal = (code) => () => {
    stopping = true;
    console.log(`\nStopping the ${name}…`);
    void cleanups.run().finally(() => process.exit(code));
  };
  process.once('SIGINT', onSignal(130));
  process.once('SIGTERM', onSignal(143));
  // Whatever main left registered runs once it settles (each cleanup once: a main that ran
  // them itself leaves none).
  const settle = (code) => cleanups.run().finally(() => process.exit(code));
  main(cleanups).then(
    (code) => {
      if (!stopping) void settle(code);
    },
    (e) => {
      if (stopping) return;
      console.error(e.userFacing ? `${name}: ${e.message}` : e);
      void settle(1);
    },
  );
}
