import { Suspense } from "react";
import { DashboardView } from "./dashboard-view";

/** The first page after sign-in: the progress of the caller's area on a date. */
export default function DashboardPage() {
  return (
    <Suspense>
      <DashboardView />
    </Suspense>
  );
}
