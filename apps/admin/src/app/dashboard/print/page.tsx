import { Suspense } from "react";
import { PrintView } from "./print-view";

/** The progress report as a printable A4 page (print CSS with @page A4). */
export default function DashboardPrintPage() {
  return (
    <Suspense>
      <PrintView />
    </Suspense>
  );
}
