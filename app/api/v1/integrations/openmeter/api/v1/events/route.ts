// An OpenMeter client given `…/api/v1/integrations/openmeter` as its base URL posts to `<base>/api/v1/events`.
export { POST } from "../../../route";

export const dynamic = "force-dynamic";
