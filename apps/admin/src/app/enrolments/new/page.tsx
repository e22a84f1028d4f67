"use client";

import { RequireAccess } from "@/components/require-access";
import { SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { HouseholdForm } from "./household-form";
import { VoluntaryForm } from "./voluntary-form";

export default function NewEnrolmentPage() {
  return (
    <RequireAccess need="write">
      <NewEnrolment />
    </RequireAccess>
  );
}

/** A new enrolment as a collector records it in the field: voluntary social insurance, or a household's health insurance. */
function NewEnrolment() {
  const t = useTranslations("enrolment");
  const [scheme, setScheme] = useState<"voluntary" | "household">("voluntary");
  return (
    <Stack maw={760}>
      <Title order={1} size="h2">
        {t("title")}
      </Title>
      <Text size="sm" c="dimmed">
        {t("intro")}
      </Text>
      <SegmentedControl
        aria-label={t("scheme")}
        value={scheme}
        onChange={(s) => setScheme(s as "voluntary" | "household")}
        data={[
          { value: "voluntary", label: t("voluntaryTitle") },
          { value: "household", label: t("householdTitle") },
        ]}
        fullWidth
      />
      {scheme === "voluntary" ? <VoluntaryForm /> : <HouseholdForm />}
    </Stack>
  );
}
