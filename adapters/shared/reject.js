// How an adapter rejects a call that nn.GRU rejects: an Error tagged with the clause it breaks.

/** @param {string} clause a gru.err.* (or gru.param.*) clause id @param {string} message @returns {never} */
export function reject(clause, message) {
  throw Object.assign(new Error(`${clause}: ${message}`), { clause });
}
