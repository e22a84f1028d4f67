"use client";

import { RoleBadges } from "@/components/roles";
import { useMe } from "@/lib/session";
import { Alert, Button, Card, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslations } from "next-intl";
import { useState } from "react";

export default function AccountPage() {
  const t = useTranslations("account");
  const me = useMe();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const form = useForm({
    initialValues: { current: "", next: "", confirm: "" },
    validate: {
      next: (v) => (v.length >= 8 ? null : t("tooShort")),
      confirm: (v, values) => (v === values.next ? null : t("mismatch")),
    },
  });
  const submit = form.onSubmit(async (v) => {
    setResult(null);
    const res = await fetch("/api/auth/change-password", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ currentPassword: v.current, newPassword: v.next, revokeOtherSessions: true }),
    }).catch(() => null);
    if (res?.ok) {
      form.reset();
      setResult({ ok: true, text: t("changed") });
    } else {
      setResult({ ok: false, text: res && (res.status === 400 || res.status === 401) ? t("wrongCurrent") : t("failed") });
    }
  });
  return (
    <Stack maw={480}>
      <Title order={1} size="h2">
        {t("title")}
      </Title>
      {me.data ? (
        <Card withBorder>
          <Text fw={600}>{me.data.user.name}</Text>
          <Text size="sm" c="dimmed">
            {me.data.user.email}
          </Text>
          <Text size="sm" mt="xs">
            {t("roles")}
          </Text>
          <RoleBadges assignments={me.data.assignments} />
        </Card>
      ) : null}
      <Card withBorder>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={4}>{t("changePassword")}</Title>
            {result ? (
              <Alert color={result.ok ? "teal" : "red"} role="alert">
                {result.text}
              </Alert>
            ) : null}
            <PasswordInput label={t("current")} autoComplete="current-password" {...form.getInputProps("current")} />
            <PasswordInput label={t("new")} autoComplete="new-password" {...form.getInputProps("next")} />
            <PasswordInput label={t("confirm")} autoComplete="new-password" {...form.getInputProps("confirm")} />
            <Button type="submit" w="fit-content">
              {t("changePassword")}
            </Button>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
