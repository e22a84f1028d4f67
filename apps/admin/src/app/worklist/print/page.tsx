import { Suspense } from "react";
import { RoundsView } from "./rounds-view";

/** The worklist as printable lists for door-to-door rounds, one per commune (print CSS, A4). */
export default function WorklistPrintPage() {
  return (
    <Suspense>
      <RoundsView />
    </Suspense>
  );
}
