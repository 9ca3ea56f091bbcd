import type { StoragePort, StorageRepositories } from '../storage/port';

/** One repository call seen by {@link instrumentedStorage}. */
export interface RepositoryCall {
  repository: string;
  method: string;
  args: unknown[];
  /** Whether the call ran inside `transaction`. */
  inTransaction: boolean;
}

export interface StorageHooks {
  /** Runs before every repository call; throwing makes the call fail like a broken backend. */
  beforeCall?(call: RepositoryCall): void;
  /** Answers a repository call instead of the store when it returns `{ result }`. */
  intercept?(call: RepositoryCall): { result: unknown } | undefined;
  /** Runs when a transaction committed, before its caller continues. */
  afterCommit?(): void;
  /** Runs when a transaction rolled back. */
  afterRollback?(error: unknown): void;
}

/**
 * Wraps a storage port to observe or break it: every repository call (in and outside
 * transactions) goes through `beforeCall`, and commits/rollbacks are reported.
 */
export function instrumentedStorage(inner: StoragePort, hooks: StorageHooks): StoragePort {
  const wrap = (repositories: StorageRepositories, inTransaction: boolean): StorageRepositories =>
    new Proxy(repositories, {
      get(target, repository, receiver) {
        const value = Reflect.get(target, repository, receiver) as unknown;
        if (typeof repository !== 'string' || typeof value !== 'object' || value === null) return value;
        return new Proxy(value, {
          get(repo, method, repoReceiver) {
            const member = Reflect.get(repo, method, repoReceiver) as unknown;
            if (typeof method !== 'string' || typeof member !== 'function') return member;
            return async (...args: unknown[]) => {
              const call = { repository, method, args, inTransaction };
              hooks.beforeCall?.(call);
              const intercepted = hooks.intercept?.(call);
              if (intercepted !== undefined) return intercepted.result;
              return (member as (...a: unknown[]) => unknown).apply(repo, args);
            };
          },
        });
      },
    });
  const outside = wrap(inner, false);
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'transaction') {
        return async <T>(run: (tx: StorageRepositories) => Promise<T>): Promise<T> => {
          let result: T;
          try {
            result = await target.transaction((tx) => run(wrap(tx, true)));
          } catch (error) {
            hooks.afterRollback?.(error);
            throw error;
          }
          hooks.afterCommit?.();
          return result;
        };
      }
      return Reflect.get(outside, property, receiver);
    },
  });
}
