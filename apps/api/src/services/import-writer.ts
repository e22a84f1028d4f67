/** The registry's one write path, as the import uses it (slice B's `recordEnrolment`). */
import type { RecordEnrolmentFn } from "./import-enrolments.js";
import { recordEnrolment } from "./record-enrolment.js";

export const defaultRecordEnrolment: RecordEnrolmentFn | null = recordEnrolment;
