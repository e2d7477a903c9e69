import { ReportSkeleton } from "@/components/layout/report-skeleton";

export default function Loading() {
  return <ReportSkeleton />;
}
