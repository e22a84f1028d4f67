"use client";

import { errorMessage } from "@/trpc/error-message";
import { Alert, Button, Group, Text } from "@mantine/core";
import { useLocale, useTranslations } from "next-intl";

/**
 * What a page shows instead of its data when loading failed: one plain message in the reader's
 * language and a way to try again — never an empty list that would say "nobody here".
 */
export function QueryError({ error, onRetry, title }: { error: unknown; onRetry: () => void; title?: string }) {
  const t = useTranslations("app");
  const locale = useLocale();
  return (
    <Alert color="red" title={title} role="alert" data-testid="query-error">
      <Group justify="space-between" gap="xs">
        <Text size="sm">{errorMessage(error, locale)}</Text>
        <Button size="xs" variant="white" color="red" onClick={onRetry}>
          {t("retry")}
        </Button>
      </Group>
    </Alert>
  );
}
