import { Suspense } from "react";
import { CoverageView } from "./coverage-view";

export default function CoveragePage() {
  return (
    <Suspense>
      <CoverageView />
    </Suspense>
  );
}
