/**
 * Like Promise.all, but waits for every promise to settle before rejecting with the
 * first failure. Used where the promises create containers: cleaning up after the first
 * failure while a sibling is still creating one would miss what the sibling creates.
 */
export async function settleAll<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}
