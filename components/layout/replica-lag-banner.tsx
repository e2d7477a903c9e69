import { Alert } from "@/components/ui/alert";
import { env } from "@/lib/env";
import { formatDuration } from "@/lib/format";

/**
 * Above every dashboard screen when the read replica (DATABASE_READ_URL) is further behind than
 * BURNRATE_REPLICA_MAX_LAG_SECONDS; nothing without a replica (`lagSeconds` null) or when it keeps up.
 */
export function ReplicaLagBanner({ lagSeconds }: { lagSeconds: number | null }) {
  if (lagSeconds === null || lagSeconds <= env().BURNRATE_REPLICA_MAX_LAG_SECONDS) return null;
  return (
    <div className="mb-4">
      <Alert tone="info">
        Dashboards read from a replica {formatDuration(lagSeconds * 1000)} behind; the newest events may be missing.
      </Alert>
    </div>
  );
}
