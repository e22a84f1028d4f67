import { Suspense } from "react";
import { PlansView } from "./plans-view";

export default function PlansPage() {
  return (
    <Suspense>
      <PlansView />
    </Suspense>
  );
}
