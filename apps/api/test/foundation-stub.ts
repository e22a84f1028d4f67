import { sql } from "drizzle-orm";
import type { Db } from "@ansinh/db";

/**
 * Until the lead's migration 0006 is merged: the objects it provides that the session cache and
 * the rate-limit store use (the table rate_limits, the ansinh_auth notifications), created when
 * absent. Once the migration is there this does nothing.
 */
export async function ensureAuthFoundation(db: Db): Promise<void> {
  await db.execute(sql`do $$
    begin
      if to_regclass('rate_limits') is null then
        create table rate_limits (key text primary key, window_start timestamptz not null, count integer not null);
        create or replace function ansinh_auth_stub_notify() returns trigger language plpgsql as $f$
          begin perform pg_notify('ansinh_auth', tg_table_name); return null; end $f$;
        create trigger auth_user_notify after update or delete on auth_user for each statement execute function ansinh_auth_stub_notify();
        create trigger auth_session_notify after update or delete on auth_session for each statement execute function ansinh_auth_stub_notify();
        create trigger role_assignments_notify after insert or update or delete on role_assignments for each statement execute function ansinh_auth_stub_notify();
      end if;
    end $$`);
}
