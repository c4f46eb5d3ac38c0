import { useState, type FormEvent } from "react";
import { AdminsOnly } from "../components/Admin/AdminsOnly";
import { CopyButton } from "../components/Admin/CopyButton";
import { MutationError } from "../components/Admin/MutationError";
import { ErrorBanner } from "../components/Status/ErrorBanner";
import { useAddUser, useChangeRole, useResetPassword, useSetDisabled, useUsers } from "../hooks/admin";
import type { Role, User } from "../lib/api";
import { formatWhen } from "../lib/runs";

/** /users: who may sign in, with what role; add, change role, disable or enable, reset a password. */
export function UsersPage({ isAdmin, me }: { isAdmin: boolean; me: string }) {
  if (!isAdmin) return <AdminsOnly what="manage users" />;
  return <Users me={me} />;
}

function Users({ me }: { me: string }) {
  const users = useUsers();
  const add = useAddUser();
  const role = useChangeRole();
  const disable = useSetDisabled();
  const reset = useResetPassword();
  const failed = add.error ?? role.error ?? disable.error ?? reset.error;
  const dismiss = () => [add, role, disable, reset].forEach((m) => m.reset());

  return (
    <main id="main" tabIndex={-1}>
      <section className="panel" aria-labelledby="users-title">
        <div className="panel-header">
          <h2 id="users-title" className="panel-title">
            Users
          </h2>
        </div>
        <MutationError error={failed} onDismiss={dismiss} />
        {reset.data && (
          <div className="banner info secret" role="status" aria-label="New password">
            <p>
              New password for <strong>{reset.data.username}</strong>, shown this once:
            </p>
            <p>
              <code>{reset.data.password}</code> <CopyButton text={reset.data.password} />
            </p>
          </div>
        )}
        {users.error && <ErrorBanner error={users.error} onRetry={() => void users.refetch()} />}
        {users.data && (
          <div className="table-scroll">
            <table className="data-table" aria-labelledby="users-title">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Signs in with</th>
                  <th scope="col">Last sign-in</th>
                  <th scope="col">Status</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {users.data.map((user) => (
                  <UserRow
                    key={user.username}
                    user={user}
                    isMe={user.username === me}
                    onRole={(next) => role.mutate({ username: user.username, role: next })}
                    onDisabled={(disabled) => disable.mutate({ username: user.username, disabled })}
                    onReset={() => reset.mutate(user.username)}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <AddUser onAdd={(user, done) => add.mutate(user, { onSuccess: done })} busy={add.isPending} />
    </main>
  );
}

function UserRow(props: {
  user: User;
  isMe: boolean;
  onRole: (role: Role) => void;
  onDisabled: (disabled: boolean) => void;
  onReset: () => void;
}) {
  const { user } = props;
  const other: Role = user.role === "admin" ? "viewer" : "admin";
  return (
    <tr>
      <th scope="row">
        {user.username}
        {props.isMe && " (you)"}
      </th>
      <td>{user.role}</td>
      <td>
        {user.signs_in_with}
        {user.email && user.email !== user.username && ` (${user.email})`}
      </td>
      <td>{user.last_sign_in_at ? formatWhen(user.last_sign_in_at) : "never"}</td>
      <td>{user.disabled ? "disabled" : "active"}</td>
      <td className="actions">
        <button
          type="button"
          className="link-button"
          aria-label={`Make ${user.username} ${other}`}
          onClick={() => props.onRole(other)}
        >
          Make {other}
        </button>
        <button
          type="button"
          className="link-button"
          aria-label={`${user.disabled ? "Enable" : "Disable"} ${user.username}`}
          onClick={() => props.onDisabled(!user.disabled)}
        >
          {user.disabled ? "Enable" : "Disable"}
        </button>
        <button
          type="button"
          className="link-button"
          aria-label={`Reset the password of ${user.username}`}
          onClick={props.onReset}
        >
          Reset password
        </button>
      </td>
    </tr>
  );
}

function AddUser({
  onAdd,
  busy,
}: {
  onAdd: (user: { username: string; password: string; role: Role }, done: () => void) => void;
  busy: boolean;
}) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onAdd({ username, password, role }, () => {
      setUsername("");
      setPassword("");
      setRole("viewer");
    });
  };
  return (
    <section className="panel" aria-labelledby="add-user-title">
      <h2 id="add-user-title" className="panel-title">
        Add a user
      </h2>
      <form className="controls" onSubmit={submit}>
        <label className="field">
          <span>Username</span>
          <input required maxLength={64} value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            required
            type="password"
            minLength={12}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Role</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="viewer">viewer</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <button type="submit" className="button" disabled={busy}>
          Add user
        </button>
      </form>
    </section>
  );
}
