import { AuditQueryInput } from "@/lib/audit/queries";
import { type PageSearchParams, type ParsedView, parseSearchParams } from "@/lib/http/parse-search-params";

/** `?action&before&limit`: a group or action, and the keyset page (default: the newest 50 entries). */
export function readAuditView(searchParams: PageSearchParams): ParsedView<AuditQueryInput> {
  return parseSearchParams(AuditQueryInput, searchParams);
}
