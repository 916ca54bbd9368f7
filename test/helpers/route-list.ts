// Every route Fastify registered, as `METHOD /url` pairs, collected by an onRoute hook passed to buildApp.
import type { RouteOptions } from 'fastify';

export interface RegisteredRoute {
  method: string;
  url: string;
}

/** A collector for AppDeps.onRoute and the list it fills; `app.all()` routes count once per method. */
export function routeCollector(): { onRoute: (route: RouteOptions) => void; routes: RegisteredRoute[] } {
  const routes: RegisteredRoute[] = [];
  return {
    routes,
    onRoute(route) {
      for (const method of Array.isArray(route.method) ? route.method : [route.method]) routes.push({ method, url: route.url });
    },
  };
}

export function routeKey(route: RegisteredRoute): string {
  return `${route.method} ${route.url}`;
}

/** The route pattern with each `:param` (and a trailing `*`) replaced by what `fill` returns, as is: encode it yourself. */
export function fillPath(url: string, fill: (param: string) => string): string {
  return url.replace(/:([A-Za-z]+)/g, (_, name: string) => fill(name)).replace(/\*$/, () => fill('*'));
}
