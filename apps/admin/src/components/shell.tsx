"use client";

import { LOCALE_COOKIE } from "@/i18n/config";
import { signOut, useMe } from "@/lib/session";
import { Anchor, AppShell, Box, Burger, Button, Group, NavLink, SegmentedControl, Text, useMatches, VisuallyHidden } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { can } from "@ansinh/domain/access";
import { QueryError } from "./query-error";

/** A short label on a phone, its full name for screen readers. */
function Short({ text, full }: { text: string; full: string }) {
  return (
    <>
      <span aria-hidden>{text}</span>
      <VisuallyHidden>{full}</VisuallyHidden>
    </>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const t = useTranslations();
  const locale = useLocale();
  const router = useRouter();
  const pathname = usePathname();
  const me = useMe();
  const queryClient = useQueryClient();
  const [navOpened, nav] = useDisclosure(false);
  const compact = useMatches({ base: true, sm: false });
  // On a phone the menu covers the page: close it once a link is followed.
  const closeNav = nav.close;
  useEffect(() => closeNav(), [pathname]); // on navigation only
  const signedIn = me.data != null;
  const isAdmin = me.data?.assignments.some((a) => a.role === "admin") ?? false;
  const mayWrite = me.data?.assignments.some((a) => can(a.role, "write")) ?? false;
  const mayManage = me.data?.assignments.some((a) => can(a.role, "manage")) ?? false;
  const setLocale = (value: string) => {
    document.cookie = `${LOCALE_COOKIE}=${value}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  };
  const section = (label: string) => (
    <Text key={label} size="xs" fw={700} c="gray.7" tt="uppercase" px="sm" pt="sm" pb={4}>
      {label}
    </Text>
  );
  const link = (href: string, label: string) => <NavLink key={href} component={Link} href={href} label={label} active={pathname.startsWith(href)} />;
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !navOpened } }} padding={{ base: "xs", sm: "md" }}>
      <AppShell.Header>
        <Anchor href="#main" className="skip-link">
          {t("app.skipToContent")}
        </Anchor>
        <Group h="100%" px={{ base: "xs", sm: "md" }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Burger
              opened={navOpened}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpened ? t("app.closeMenu") : t("app.openMenu")}
              aria-expanded={navOpened}
              aria-controls="main-navigation"
            />
            <Text fw={700} size="lg" c="teal.9" style={{ whiteSpace: "nowrap" }}>
              {t("app.short")}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <SegmentedControl
              aria-label={t("app.language")}
              size="xs"
              value={locale}
              onChange={setLocale}
              data={[
                { value: "vi", label: compact ? <Short text="VI" full="Tiếng Việt" /> : "Tiếng Việt" },
                { value: "en", label: compact ? <Short text="EN" full="English" /> : "English" },
              ]}
            />
            {signedIn ? (
              <>
                <Text size="sm" data-testid="signed-in-as" truncate="end" maw={compact ? 64 : 220} title={me.data!.user.name}>
                  {me.data!.user.name}
                </Text>
                <Button size={compact ? "compact-xs" : "xs"} variant="default" onClick={signOut}>
                  {t("session.signOut")}
                </Button>
              </>
            ) : me.isSuccess && pathname !== "/sign-in" ? (
              <Button size="xs" component={Link} href="/sign-in">
                {t("session.signIn")}
              </Button>
            ) : null}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" id="main-navigation" aria-label={t("app.navigation")} style={{ overflowY: "auto" }}>
        {/* Grouped as an office's day runs: watch, record, the lists it keeps, administration. */}
        {signedIn ? section(t("nav.sectionMonitor")) : null}
        {signedIn ? link("/dashboard", t("dashboard.nav")) : null}
        {signedIn ? link("/coverage", t("nav.coverage")) : null}
        {signedIn ? link("/plans", t("plans.nav")) : null}
        {signedIn ? link("/campaigns", t("campaigns.nav")) : null}
        {signedIn ? section(t("nav.sectionRegistry")) : null}
        {mayWrite ? link("/enrolments/new", t("nav.newEnrolment")) : null}
        {signedIn ? link("/participants", t("registryNav.participants")) : null}
        {signedIn ? link("/enrolments", t("registryNav.enrolments")) : null}
        {signedIn ? link("/worklist", t("registryNav.worklist")) : null}
        {signedIn ? link("/renewals", t("registryNav.renewals")) : null}
        {mayManage ? link("/duplicates", t("nav.duplicates")) : null}
        {me.data?.assignments.some((a) => a.role !== "viewer") ? link("/imports", t("imports.nav")) : null}
        {signedIn ? section(t("nav.sectionReference")) : null}
        {mayManage ? link("/figures", t("figures.nav")) : null}
        {signedIn ? link("/agents", t("nav.agents")) : null}
        {signedIn ? link("/staff", t("nav.staff")) : null}
        {signedIn ? link("/fund-returns", t("nav.fundReturns")) : null}
        {link("/calculator", t("nav.calculator"))}
        {signedIn ? section(t("nav.sectionAccount")) : null}
        {isAdmin ? link("/users", t("nav.users")) : null}
        {me.data?.nationalAdmin ? link("/audit", t("nav.audit")) : null}
        {signedIn ? link("/account", t("nav.account")) : null}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        {/* The server cannot be reached: say so once, above the page, and offer to retry. */}
        {me.isError ? (
          <Box mb="md">
            <QueryError error={me.error} onRetry={() => void queryClient.refetchQueries()} />
          </Box>
        ) : null}
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
