import { Segmented } from "@/components/ui/segmented";

const TABS = [
  { id: "otel", href: "/settings/connect", label: "OpenTelemetry" },
  { id: "litellm", href: "/settings/connect/litellm", label: "LiteLLM" },
  { id: "openmeter", href: "/settings/connect/openmeter", label: "OpenMeter" },
  { id: "helicone", href: "/settings/connect/helicone", label: "Helicone" },
] as const;

/** One page per way in: OpenTelemetry (apps, Claude Code, Codex) and each gateway. */
export function ConnectTabs({ current }: { current: (typeof TABS)[number]["id"] }) {
  return <Segmented label="Connect" options={TABS.map((t) => ({ href: t.href, label: t.label, active: t.id === current }))} />;
}
