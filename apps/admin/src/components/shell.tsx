"use client";

import { AppShell, Button, Group, NavLink, SegmentedControl, Text } from "@mantine/core";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { LOCALE_COOKIE } from "@/i18n/config";
import { signOut, useMe } from "@/lib/session";

export function Shell({ children }: { children: ReactNode }) {
  const t = useTranslations();
  const locale = useLocale();
  const router = useRouter();
  const pathname = usePathname();
  const me = useMe();
  const signedIn = me.data != null;
  const isAdmin = me.data?.assignments.some((a) => a.role === "admin") ?? false;
  const setLocale = (value: string) => {
    document.cookie = `${LOCALE_COOKIE}=${value}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  };
  const link = (href: string, label: string) => (
    <NavLink key={href} component={Link} href={href} label={label} active={pathname.startsWith(href)} />
  );
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: "sm" }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Text fw={700} size="lg" c="teal.8">
            {t("app.short")}
          </Text>
          <Group gap="sm">
            <SegmentedControl
              aria-label={t("app.language")}
              size="xs"
              value={locale}
              onChange={setLocale}
              data={[
                { value: "vi", label: "Tiếng Việt" },
                { value: "en", label: "English" },
              ]}
            />
            {signedIn ? (
              <>
                <Text size="sm" data-testid="signed-in-as">{me.data!.user.name}</Text>
                <Button size="xs" variant="default" onClick={signOut}>{t("session.signOut")}</Button>
              </>
            ) : me.isSuccess && pathname !== "/sign-in" ? (
              <Button size="xs" component={Link} href="/sign-in">{t("session.signIn")}</Button>
            ) : null}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        {signedIn ? link("/coverage", t("nav.coverage")) : null}
        {link("/calculator", t("nav.calculator"))}
        {signedIn ? link("/staff", t("nav.staff")) : null}
        {isAdmin ? link("/users", t("nav.users")) : null}
        {me.data?.nationalAdmin ? link("/audit", t("nav.audit")) : null}
        {signedIn ? link("/account", t("nav.account")) : null}
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
