"use client";

import { DateField } from "@/components/date-field";
import { useDebouncedApiQuery } from "@/trpc/hooks";
import { Alert, Card, Grid, Input, List, SegmentedControl, Stack, Table, TextInput } from "@mantine/core";
import type { inferRouterInputs } from "@trpc/server";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import type { AppRouter } from "@ansinh/api";
import { isIsoDate, useFieldErrors } from "./shared";

type CheckInput = inferRouterInputs<AppRouter>["calculator"]["checkPersonalId"];
type Field = "id" | "birthDate" | "gender";

const fieldByCode: Record<string, Field> = {
  "IDENTITY.INVALID_BIRTH_DATE": "birthDate",
  "IDENTITY.INVALID_GENDER": "gender",
};
const fieldByPath: Record<string, Field> = { id: "id", birthDate: "birthDate", gender: "gender" };

/** Reads a personal identification number (CCCD) and says which part disagrees with what was declared. */
export function PersonalIdCheck() {
  const t = useTranslations("calculator.identity");
  const tc = useTranslations("calculator");
  const locale = useLocale();
  const [id, setId] = useState("");
  const [birthDate, setBirthDate] = useState("");
  const [gender, setGender] = useState<"" | "male" | "female">("");

  const birthDateMissing = birthDate !== "" && !isIsoDate(birthDate);
  const input: CheckInput | null =
    id.trim() === "" || birthDateMissing ? null : { id, birthDate: birthDate === "" ? null : birthDate, gender: gender === "" ? null : gender };
  const check = useDebouncedApiQuery("calculator.checkPersonalId", input);
  const shown = input !== null ? check : null;
  const error = shown?.isError ? shown.error : null;
  const { issues } = useFieldErrors<Field>([error], {}, fieldByPath, fieldByCode);
  const problems = shown?.data && !error ? shown.data.problems : [];
  const problemsOf = (part: string) => problems.filter((p) => p.part === part);
  const message = (p: { messageVi: string; messageEn: string }) => (locale === "en" ? p.messageEn : p.messageVi);
  const idProblems = problems.filter(
    (p) => p.part === "format" || p.part === "province" || (p.part === "century" && p.code === "IDENTITY.INVALID_CENTURY_DIGIT"),
  );
  const parsed = shown?.data && !error ? shown.data.parsed : null;

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <Card withBorder>
          <Stack>
            <TextInput
              label={t("id")}
              description={t("idHint")}
              value={id}
              onChange={(e) => setId(e.currentTarget.value)}
              inputMode="numeric"
              maxLength={20}
              error={idProblems.length > 0 ? idProblems.map(message).join("; ") : issues?.fields.id}
              data-testid="personal-id-input"
            />
            <DateField
              apply="live"
              clearable
              label={t("birthDate")}
              value={birthDate}
              onChange={(d) => setBirthDate(d ?? "")}
              error={
                birthDateMissing
                  ? tc("errors.date")
                  : issues?.fields.birthDate
                    ? issues.fields.birthDate
                    : problemsOf("birthYear")
                        .concat(problemsOf("century").filter((p) => p.code === "IDENTITY.CENTURY_MISMATCH"))
                        .map(message)
                        .join("; ") || undefined
              }
              w={200}
            />
            <Input.Wrapper label={t("gender")} error={problemsOf("gender").length > 0 ? problemsOf("gender").map(message).join("; ") : issues?.fields.gender}>
              <SegmentedControl
                aria-label={t("gender")}
                value={gender}
                onChange={(v) => setGender(v as "" | "male" | "female")}
                data={[
                  { value: "", label: t("genders.none") },
                  { value: "male", label: t("genders.male") },
                  { value: "female", label: t("genders.female") },
                ]}
                mt={4}
                display="flex"
              />
            </Input.Wrapper>
          </Stack>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <Stack>
          {issues?.other ? (
            <Alert color="red" title={tc("errors.title")}>
              {issues.other}
            </Alert>
          ) : null}
          {shown?.data && !error ? (
            shown.data.valid ? (
              <Alert color="teal" title={birthDate === "" && gender === "" ? t("validNothingDeclared") : t("valid")} data-testid="personal-id-result" />
            ) : (
              <Alert color="red" title={t("invalid")} data-testid="personal-id-result">
                <List size="sm">
                  {shown.data.problems.map((p) => (
                    <List.Item key={p.code}>{message(p)}</List.Item>
                  ))}
                </List>
              </Alert>
            )
          ) : null}
          {parsed ? (
            <Table withTableBorder maw={520}>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Td>{t("province")}</Table.Td>
                  <Table.Td>
                    {parsed.provinceCode} {parsed.provinceName ? `— ${parsed.provinceName}` : ""}
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td>{t("genderFromId")}</Table.Td>
                  <Table.Td>{parsed.centuryDigit <= 5 ? t(`genders.${parsed.gender}`) : "—"}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td>{t("birthYear")}</Table.Td>
                  <Table.Td>{parsed.centuryDigit <= 5 ? parsed.birthYear : `…${parsed.birthYearTwoDigits}`}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td>{t("serial")}</Table.Td>
                  <Table.Td>{parsed.serial}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          ) : null}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
