// ONNX Runtime sessions, one per model shape (sizes, layers, directions, bias, hx given), oldest released first.
import { gruModel } from './gru-model.js';

const LIMIT = 64;

export function sessionCache(ort, options) {
  const sessions = new Map();
  return {
    /** The session of configuration c (see gruModel), created on first use. */
    async get(c) {
      const key = JSON.stringify(c);
      let session = sessions.get(key);
      if (session === undefined) {
        session = ort.InferenceSession.create(gruModel(c), options);
        sessions.set(key, session);
        if (sessions.size > LIMIT) {
          const [oldest, old] = sessions.entries().next().value;
          sessions.delete(oldest);
          old.then((s) => s.release()).catch(() => undefined);
        }
      }
      return session;
    },
    async clear() {
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.all(all.map((s) => s.then((x) => x.release()).catch(() => undefined)));
    },
  };
}
