/** An HTTP method the handler serves. */
export type RouteMethod = 'GET' | 'POST' | 'PUT';

/** One route: a method and a path pattern whose `:name` segments become params. */
export interface Route<C> {
  method: RouteMethod;
  pattern: string;
  handle(context: C, params: Record<string, string>): Promise<Response>;
}

/** The outcome of matching a path: a route, a path served with other methods, or nothing. */
export type RouteMatch<C> =
  | { kind: 'found'; route: Route<C>; params: Record<string, string> }
  | { kind: 'wrong_method'; allowed: RouteMethod[] }
  | { kind: 'none' };

/** Matches `path` (already without the base path) against the routes. */
export function matchRoute<C>(routes: readonly Route<C>[], method: string, path: string): RouteMatch<C> {
  const segments = path.split('/').filter((segment) => segment !== '');
  const allowed: RouteMethod[] = [];
  for (const route of routes) {
    const params = matchPattern(route.pattern, segments);
    if (params === null) continue;
    if (route.method === method) return { kind: 'found', route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { kind: 'wrong_method', allowed } : { kind: 'none' };
}

function matchPattern(pattern: string, segments: string[]): Record<string, string> | null {
  const parts = pattern.split('/').filter((part) => part !== '');
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index] as string;
    const segment = segments[index] as string;
    if (part.startsWith(':')) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        return null;
      }
      params[part.slice(1)] = decoded;
    } else if (part !== segment) {
      return null;
    }
  }
  return params;
}
