"use client";

import { useMe } from "@/lib/session";
import { Center, Loader, VisuallyHidden } from "@mantine/core";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * The first page after signing in: a collector's worklist (who to call or visit today),
 * everyone else's dashboard.
 */
export default function Home() {
  const t = useTranslations("enrolment");
  const me = useMe();
  const router = useRouter();
  const collector = (me.data?.assignments.length ?? 0) > 0 && me.data!.assignments.every((a) => a.role === "collector");
  useEffect(() => {
    if (me.isPending) return;
    router.replace(collector ? "/worklist" : "/dashboard");
  }, [me.isPending, collector, router]);
  return (
    <Center py="xl">
      <Loader aria-hidden />
      <VisuallyHidden role="status">{t("loading")}</VisuallyHidden>
    </Center>
  );
}
