/** Users (admins), your own API tokens (everyone), and the audit trail (admins), via TanStack Query. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, expectOk, unwrap, type AuditFilters, type Role } from "../lib/api";

const USERS = ["users"] as const;
const TOKENS = ["api-tokens"] as const;
const AUDIT = "audit";
export const AUDIT_PAGE = 50;

export function useUsers() {
  return useQuery({
    queryKey: USERS,
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/users", { signal })),
    staleTime: 0,
  });
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
}

/** Every user change refreshes the list and the trail, which now has its event. */
function useUserChange<T, R>(change: (args: T) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: USERS });
      void client.invalidateQueries({ queryKey: [AUDIT] });
    },
  });
}

export const useAddUser = () =>
  useUserChange(async (user: NewUser) => unwrap(await api.POST("/api/v1/users", { body: user })));

export const useChangeRole = () =>
  useUserChange(async ({ username, role }: { username: string; role: Role }) =>
    unwrap(await api.POST("/api/v1/users/{username}/role", { params: { path: { username } }, body: { role } })),
  );

export const useSetDisabled = () =>
  useUserChange(async ({ username, disabled }: { username: string; disabled: boolean }) =>
    unwrap(
      await api.POST(disabled ? "/api/v1/users/{username}/disable" : "/api/v1/users/{username}/enable", {
        params: { path: { username } },
      }),
    ),
  );

export const useResetPassword = () =>
  useUserChange(async (username: string) =>
    unwrap(await api.POST("/api/v1/users/{username}/password-reset", { params: { path: { username } } })),
  );

export function useApiTokens() {
  return useQuery({
    queryKey: TOKENS,
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/auth/api-tokens", { signal })),
    staleTime: 0,
  });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { name: string; expires_in_days: number | null }) =>
      unwrap(await api.POST("/api/v1/auth/api-tokens", { body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: TOKENS }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (tokenId: number) =>
      expectOk(await api.DELETE("/api/v1/auth/api-tokens/{token_id}", { params: { path: { token_id: tokenId } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: TOKENS }),
  });
}

/** One page of the trail: newest first, older pages by the id they start before. */
export function useAudit(filters: AuditFilters, before: number | null) {
  return useQuery({
    queryKey: [AUDIT, filters, before],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/audit", {
          params: { query: { ...filters, limit: AUDIT_PAGE, before: before ?? undefined } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}
