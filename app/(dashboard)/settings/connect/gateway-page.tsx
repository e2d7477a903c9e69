import type { ReactNode } from "react";
import type { Ctx } from "@/lib/auth/actor";
import { crossPathSummary } from "@/lib/gateways/cross-path";
import { ConnectTabs } from "./connect-tabs";
import { CrossPathPanel } from "./cross-path-panel";

/** A gateway's Connect page: the tabs, then the calls seen through two gateways (when any), then its own panel. */
export async function GatewayPage({
  ctx,
  current,
  children,
}: {
  ctx: Ctx;
  current: "litellm" | "openmeter" | "helicone";
  children: ReactNode;
}) {
  const crossPath = await crossPathSummary(ctx);
  return (
    <div className="space-y-6">
      <ConnectTabs current={current} />
      {crossPath.calls > 0 ? <CrossPathPanel summary={crossPath} /> : null}
      {children}
    </div>
  );
}
