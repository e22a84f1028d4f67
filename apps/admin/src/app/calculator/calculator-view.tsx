"use client";

import { Stack, Tabs, Text, Title } from "@mantine/core";
import { useTranslations } from "next-intl";
import { HouseholdCalculator } from "./household-calculator";
import { PersonalIdCheck } from "./personal-id-check";
import { VoluntaryCalculator } from "./voluntary-calculator";

/** The contribution calculator: open to anyone, signed in or not. */
export function CalculatorView() {
  const t = useTranslations("calculator");
  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          {t("title")}
        </Title>
        <Text c="dimmed" size="sm">
          {t("intro")}
        </Text>
      </div>
      <Tabs defaultValue="voluntary" keepMounted>
        <Tabs.List mb="md">
          <Tabs.Tab value="voluntary">{t("tabs.voluntary")}</Tabs.Tab>
          <Tabs.Tab value="household">{t("tabs.household")}</Tabs.Tab>
          <Tabs.Tab value="identity">{t("tabs.identity")}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="voluntary">
          <VoluntaryCalculator />
        </Tabs.Panel>
        <Tabs.Panel value="household">
          <HouseholdCalculator />
        </Tabs.Panel>
        <Tabs.Panel value="identity">
          <PersonalIdCheck />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
