/** Who is signed in, signing in and out, and noticing when the session ends (any 401). */
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { api, expectOk, isUnauthorized, unwrap, type Me, type SignInMethods } from "../lib/api";
import { navigate } from "../lib/navigation";

/** Every auth query and mutation key starts with this; a 401 there is an answer, not an ended session. */
const AUTH = "auth";
export const ME_KEY = [AUTH, "me"] as const;

/** The signed-in user, or null when there is no session (the API said 401). */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async ({ signal }): Promise<Me | null> => {
      const result = await api.GET("/api/v1/auth/me", { signal });
      return result.response.status === 401 ? null : unwrap(result);
    },
    staleTime: Infinity,
  });
}

/** How one may sign in here: a password, and or a single sign-on provider. */
export function useSignInMethods() {
  return useQuery({
    queryKey: [AUTH, "providers"],
    queryFn: async ({ signal }): Promise<SignInMethods> => unwrap(await api.GET("/api/v1/auth/providers", { signal })),
    staleTime: Infinity,
  });
}

export interface Credentials {
  username: string;
  password: string;
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationKey: [AUTH, "sign-in"],
    mutationFn: async ({ username, password }: Credentials) =>
      unwrap(
        await api.POST("/api/v1/auth/session", {
          body: { grant_type: "password", username, password, scope: "" },
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        }),
      ),
    onSuccess: ({ username, role }) => {
      const me: Me = { username, role, via: "session" };
      client.setQueryData<Me | null>(ME_KEY, me);
    },
  });
}

/** Signs out, then onSignedOut runs and the sign-in page opens at /. */
export function useSignOut(onSignedOut: () => void) {
  const client = useQueryClient();
  return useMutation({
    mutationKey: [AUTH, "sign-out"],
    mutationFn: async () => {
      try {
        expectOk(await api.DELETE("/api/v1/auth/session"));
      } catch (error) {
        if (!isUnauthorized(error)) throw error; // already signed out: that is what was asked
      }
    },
    onSuccess: () => {
      onSignedOut();
      navigate("/");
      client.setQueryData<Me | null>(ME_KEY, null);
    },
  });
}

/** Forgets what the last user saw; called once nothing shows it any more (the sign-in page is up). */
export function forgetSignedInData(client: QueryClient): void {
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== AUTH });
  client.getMutationCache().clear();
}

/**
 * Calls onEnded when any query or mutation outside sign-in itself gets a 401: the session expired,
 * or someone signed out in another tab. The caller then shows the sign-in page.
 */
export function useSessionEnd(onEnded: () => void): void {
  const client = useQueryClient();
  useEffect(() => {
    const ended = (key: readonly unknown[] | undefined, error: unknown) => {
      if (key?.[0] === AUTH || !isUnauthorized(error)) return;
      client.setQueryData<Me | null>(ME_KEY, null);
      onEnded();
    };
    const stopQueries = client.getQueryCache().subscribe((event) => {
      if (event.type === "updated" && event.action.type === "error") ended(event.query.queryKey, event.action.error);
    });
    const stopMutations = client.getMutationCache().subscribe((event) => {
      if (event.type === "updated" && event.action.type === "error") {
        ended(event.mutation.options.mutationKey, event.action.error);
      }
    });
    return () => {
      stopQueries();
      stopMutations();
    };
  }, [client, onEnded]);
}
