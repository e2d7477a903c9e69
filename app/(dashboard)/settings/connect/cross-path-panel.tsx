import { ListTable } from "@/components/ui/list-table";
import { Panel } from "@/components/ui/panel";
import { formatCount, formatDateTime } from "@/lib/format";
import type { CrossPathSummary } from "@/lib/gateways/cross-path";

const GATEWAY = { litellm: "LiteLLM", helicone: "Helicone", openmeter: "OpenMeter" } as Record<string, string>;

/** Calls that reached Burnrate through two gateways: both are counted, so the operator should turn one path off. */
export function CrossPathPanel({ summary }: { summary: CrossPathSummary }) {
  const calls = summary.calls === 1 ? "1 call" : `${formatCount(summary.calls)} calls`;
  return (
    <Panel
      headingId="cross-path-heading"
      title={`${calls} arrived through two gateways in the last 30 days`}
      description={
        <>
          The same provider response came in through two paths (for example LiteLLM&apos;s generic_api and its OpenMeter callback, or
          Helicone behind LiteLLM), so it is counted twice. Each later arrival is stored with{" "}
          <span className="font-mono">tags.duplicate_of</span> naming the first. Keep one path per gateway: remove the other callback or
          webhook.
        </>
      }
    >
      <ListTable columns={["Seen", "Provider response", "First through", "Again through", "Event ids"]}>
        {summary.latest.map((d) => (
          <tr key={d.responseId}>
            <td className="px-5 py-2 whitespace-nowrap">{formatDateTime(d.seenAt)}</td>
            <td className="px-5 py-2 font-mono text-xs">{d.responseId}</td>
            <td className="px-5 py-2">{GATEWAY[d.firstSource] ?? d.firstSource}</td>
            <td className="px-5 py-2">{GATEWAY[d.source] ?? d.source}</td>
            <td className="px-5 py-2 font-mono text-xs">
              {d.duplicateOf}
              <br />
              {d.eventId}
            </td>
          </tr>
        ))}
      </ListTable>
    </Panel>
  );
}
