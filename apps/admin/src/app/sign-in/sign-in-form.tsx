"use client";

import { Alert, Button, Card, Center, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { safeNext } from "./safe-next";

export function SignInForm() {
  const t = useTranslations("signIn");
  const router = useRouter();
  const params = useSearchParams();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { email: "", password: "" },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v) ? null : t("invalidEmail")),
      password: (v) => (v.length > 0 ? null : t("passwordRequired")),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(values),
      });
      if (res.ok) {
        await queryClient.invalidateQueries();
        router.replace(safeNext(params.get("next"), window.location.origin));
        router.refresh();
        return;
      }
      setError(res.status === 429 ? t("tooMany") : res.status === 401 || res.status === 403 ? t("wrong") : t("failed"));
    } catch {
      setError(t("failed"));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Center mih="70vh">
      <Card withBorder padding="xl" w={400}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={1} size="h2">
              {t("title")}
            </Title>
            <Text c="dimmed" size="sm">
              {t("subtitle")}
            </Text>
            {error ? (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            ) : null}
            <TextInput label={t("email")} type="email" autoComplete="username" required {...form.getInputProps("email")} />
            <PasswordInput label={t("password")} autoComplete="current-password" required {...form.getInputProps("password")} />
            <Button type="submit" loading={busy}>
              {t("submit")}
            </Button>
          </Stack>
        </form>
      </Card>
    </Center>
  );
}
