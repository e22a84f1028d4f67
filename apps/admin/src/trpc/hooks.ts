"use client";

import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery, type UseQueryOptions } from "@tanstack/react-query";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@ansinh/api";
import { trpc } from "./client";

type Inputs = inferRouterInputs<AppRouter>;
type Outputs = inferRouterOutputs<AppRouter>;
type Client = typeof trpc;

/** "router.procedure" for every query of the API (mutations excluded), checked by the compiler. */
export type QueryPath = {
  [R in keyof Client & keyof Inputs]: {
    [P in keyof Client[R] & keyof Inputs[R]]: Client[R][P] extends { query: (...args: never[]) => unknown } ? `${R & string}.${P & string}` : never;
  }[keyof Client[R] & keyof Inputs[R]];
}[keyof Client & keyof Inputs];

type Split<S extends string> = S extends `${infer R}.${infer P}` ? [R, P] : never;
export type QueryInput<Q extends QueryPath> = Inputs[Split<Q>[0] & keyof Inputs][Split<Q>[1] & keyof Inputs[Split<Q>[0] & keyof Inputs]];
export type QueryOutput<Q extends QueryPath> = Outputs[Split<Q>[0] & keyof Outputs][Split<Q>[1] & keyof Outputs[Split<Q>[0] & keyof Outputs]];

/** The cache key of a query: its path, then its input. `[path]` alone matches every input (invalidation). */
export const queryKeyOf = <Q extends QueryPath>(path: Q, input?: QueryInput<Q>) => (input === undefined ? [path] : [path, input]);

/**
 * A typed query on the API: the path and its input are checked against the router, and the cache
 * key is derived from them (no hand-written keys). `input` null: not ready, nothing is asked.
 * (tRPC's own TanStack integration pins an older tRPC than the server's, so the vanilla client is
 * used through this one adapter.)
 */
export function useApiQuery<Q extends QueryPath>(
  path: Q,
  input: QueryInput<Q> | null,
  options: Omit<UseQueryOptions<QueryOutput<Q>, Error, QueryOutput<Q>>, "queryKey" | "queryFn" | "enabled"> & { enabled?: boolean } = {},
) {
  const [router, procedure] = path.split(".") as [string, string];
  return useQuery<QueryOutput<Q>, Error, QueryOutput<Q>>({
    ...options,
    queryKey: queryKeyOf(path, input ?? undefined),
    queryFn: () => (trpc as unknown as Record<string, Record<string, { query: (i: unknown) => Promise<QueryOutput<Q>> }>>)[router]![procedure]!.query(input),
    enabled: input !== null && (options.enabled ?? true),
  });
}

/**
 * The calculators' query: the input is debounced (300 ms) so typing does not send a request per
 * keystroke, the previous answer stays on screen meanwhile, and a refused input is not retried.
 */
export function useDebouncedApiQuery<Q extends QueryPath>(path: Q, input: QueryInput<Q> | null) {
  const [debounced] = useDebouncedValue(input === null ? null : JSON.stringify(input), 300);
  return useApiQuery(path, debounced === null ? null : (JSON.parse(debounced) as QueryInput<Q>), {
    placeholderData: keepPreviousData,
    retry: false,
  });
}
