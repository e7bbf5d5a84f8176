// Waiting for something, but not longer than a grace period, with no timer left behind to hold the process.

/** Resolves when `p` settles or after `ms`, whichever comes first; the timer is cleared either way. */
export function within(p: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    p.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}
