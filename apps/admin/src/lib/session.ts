"use client";

import { trpc } from "@/trpc/client";
import { queryKeyOf } from "@/trpc/hooks";
import { useQuery } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { can } from "@ansinh/domain/access";

/** The signed-in user and roles; null when signed out (the API answered 401). */
export function useMe() {
  return useQuery({
    queryKey: queryKeyOf("me.get"),
    queryFn: async () => {
      try {
        return await trpc.me.get.query();
      } catch (e) {
        if (e instanceof TRPCClientError && e.data?.code === "UNAUTHORIZED") return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

/** Whether the signed-in user may record enrolments somewhere (a viewer may not): buttons that lead there show only then. */
export function useMayWrite(): boolean {
  const me = useMe();
  return me.data?.assignments.some((a) => can(a.role, "write")) ?? false;
}

export async function signOut() {
  await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  window.location.assign("/sign-in");
}
