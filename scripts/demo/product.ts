import { productAttribution, promptCache } from "./audience";
import { type Day, type Emit, HOUR_MS, productDayFactor, productTime, type Workload, type World } from "./calendar";
import { type ModelId, UNKNOWN_MODEL } from "./catalog";
import { modelCall } from "./events";
import { createRng, deriveSeed } from "./random";

/** Requests per weekday at today's volume (weekends run at about half, 90 days ago at 60 %). */
export const PRODUCT_VOLUME = { chatConversations: 110, summarize: 170, extract: 160, triageTickets: 60 } as const;

const FIVE_MINUTES = 5 * 60_000;

/** The customer-facing assistant: multi-turn conversations, some turns with a web search. */
export function createChat(world: World): Workload {
  const rng = createRng(deriveSeed(world.seed, 1));
  return {
    runDay(day, emit) {
      const n = rng.count(PRODUCT_VOLUME.chatConversations * world.scale * productDayFactor(rng, day));
      for (let i = 0; i < n; i++) conversation(day, emit);
    },
  };

  function conversation(day: Day, emit: Emit): void {
    const base = productAttribution(rng, "chat");
    const legacy = day.daysAgo >= world.story.chatUpgradeDaysAgo;
    const premium = base.customer === "globex" || base.customer === "hooli";
    const model: ModelId = legacy
      ? "gpt-4.1-mini"
      : base.customer === "umbrella"
        ? "claude-sonnet-4-5"
        : premium && rng.chance(0.5)
          ? "gpt-5"
          : "gpt-5-mini";
    const attribution = { ...base, prompt_version: legacy ? "chat-v11" : "chat-v12", session: `chat_${rng.hex(12)}` };
    const reasons = model.startsWith("gpt-5");
    const turns = rng.weighted([
      [1, 25],
      [2, 22],
      [3, 18],
      [4, 12],
      [5, 9],
      [6, 6],
      [8, 5],
      [12, 3],
    ] as const);
    let at = productTime(rng, day);
    let history = 1850; // system prompt
    let lastAt = Number.NEGATIVE_INFINITY;
    for (let t = 0; t < turns; t++) {
      const trace = `tr_${rng.hex(16)}`;
      const prefix = history;
      history += rng.tokens(120, 0.8, 10, 2000) + (rng.chance(0.5) ? rng.tokens(3_500, 0.5, 600, 12_000) : 0);
      const warm = at - lastAt < FIVE_MINUTES;
      const searches = rng.chance(0.1);
      if (searches) {
        const decide = modelCall(rng, {
          at,
          model,
          input: history,
          output: rng.int(30, 80),
          ...promptCache(model, prefix, history, warm),
          attribution: { ...attribution, trace },
        });
        emit(decide);
        at += decide.latency_ms + rng.int(800, 4000);
        history += rng.tokens(2500, 0.3, 800, 6000);
      }
      const output = rng.tokens(340, 0.6, 30, 2500);
      const answer = modelCall(rng, {
        at,
        model,
        input: history,
        output,
        reasoning: reasons ? output * rng.range(0.1, 0.5) : 0,
        ...promptCache(model, prefix, history, warm),
        attribution: { ...attribution, trace, tool: searches ? "web-search" : undefined },
      });
      emit(answer);
      lastAt = at;
      history += output;
      at += answer.latency_ms + rng.tokens(45_000, 0.8, 4_000, 900_000);
    }
  }
}

const SUMMARIZE_CUSTOMERS = [
  ["globex", 20],
  ["initech", 15],
  ["umbrella", 45],
  ["hooli", 12],
  ["soylent", 8],
] as const;

/** Document summaries: large input, small output, on Gemini. */
export function createSummarize(world: World): Workload {
  const rng = createRng(deriveSeed(world.seed, 2));
  return {
    runDay(day, emit) {
      const n = rng.count(PRODUCT_VOLUME.summarize * world.scale * productDayFactor(rng, day));
      for (let i = 0; i < n; i++) {
        const input = rng.tokens(18_000, 0.8, 1_500, 180_000);
        const output = rng.tokens(380, 0.4, 80, 1_500);
        const model: ModelId = input > 60_000 || rng.chance(0.2) ? "gemini-2.5-pro" : "gemini-2.5-flash";
        const attribution = {
          ...productAttribution(rng, "summarize", SUMMARIZE_CUSTOMERS),
          prompt_version: "sum-v4",
          trace: `tr_${rng.hex(16)}`,
        };
        emit(modelCall(rng, { at: productTime(rng, day), model, input, output, reasoning: output * rng.range(0.05, 0.4), attribution }));
      }
    },
  };
}

/**
 * Structured extraction on gpt-4.1. On the anomaly day prompt extract-v8 ships with ~40k tokens of
 * few-shot examples placed after the document (so nothing is cached); it is rolled back that evening.
 */
export function createExtract(world: World): Workload {
  const rng = createRng(deriveSeed(world.seed, 3));
  const { anomalyDaysAgo } = world.story;
  return {
    runDay(day, emit) {
      const n = rng.count(PRODUCT_VOLUME.extract * world.scale * productDayFactor(rng, day));
      const deployedAt = day.start + 8 * HOUR_MS + 20 * 60_000;
      const rolledBackAt = day.start + 21 * HOUR_MS + 5 * 60_000;
      for (let i = 0; i < n; i++) {
        const at = productTime(rng, day);
        const faulty = day.daysAgo === anomalyDaysAgo && at >= deployedAt && at < rolledBackAt;
        const version = faulty ? "extract-v8" : day.daysAgo > anomalyDaysAgo - 3 ? "extract-v7" : "extract-v9";
        const prompt = version === "extract-v9" ? 2_900 : 2_300;
        const document = rng.tokens(3_500, 0.7, 300, 30_000);
        const output = rng.tokens(450, 0.5, 40, 3_000);
        emit(
          modelCall(rng, {
            at,
            model: "gpt-4.1",
            input: prompt + document + (faulty ? rng.int(36_000, 44_000) : 0),
            output: faulty ? output * 1.3 : output,
            cacheRead: !faulty && rng.chance(0.8) ? Math.floor(prompt / 128) * 128 : 0,
            attribution: { ...productAttribution(rng, "extract"), prompt_version: version, trace: `tr_${rng.hex(16)}` },
          }),
        );
      }
    },
  };
}

/**
 * The support triage agent: classify a ticket, look the customer up (postgres-mcp), draft a reply.
 * A canary of tickets is classified by an in-house fine-tune no price list knows (the unpriced path).
 */
export function createTriage(world: World): Workload {
  const rng = createRng(deriveSeed(world.seed, 4));
  let ticket = 48_210;
  return {
    runDay(day, emit) {
      const n = rng.count(PRODUCT_VOLUME.triageTickets * world.scale * productDayFactor(rng, day));
      for (let i = 0; i < n; i++) {
        const attribution = {
          ...productAttribution(rng, "triage-bot"),
          agent: "triage-bot",
          prompt_version: "triage-v5",
          session: `zd-${ticket++}`,
          trace: `tr_${rng.hex(16)}`,
        };
        let at = productTime(rng, day);
        const canary = day.daysAgo <= world.story.triageCanaryDaysAgo && rng.chance(0.26);
        const classify = canary
          ? modelCall(rng, { at, model: UNKNOWN_MODEL, input: rng.int(600, 1_400), output: rng.int(4, 16), attribution })
          : modelCall(rng, {
              at,
              model: "claude-haiku-4-5",
              input: rng.int(1_300, 2_100),
              output: rng.int(10, 40),
              cacheRead: 1_024,
              attribution,
            });
        emit(classify);
        at += classify.latency_ms + rng.int(300, 1_500);
        const lookup = modelCall(rng, {
          at,
          model: "claude-haiku-4-5",
          input: rng.int(2_500, 6_000),
          output: rng.int(80, 300),
          cacheRead: 1_536,
          attribution: { ...attribution, tool: "postgres-mcp" },
        });
        emit(lookup);
        at += lookup.latency_ms + rng.int(200, 1_200);
        if (rng.chance(0.7)) {
          emit(
            modelCall(rng, {
              at,
              model: "claude-haiku-4-5",
              input: rng.int(4_000, 9_000),
              output: rng.tokens(380, 0.4, 120, 900),
              cacheRead: 2_048,
              attribution: { ...attribution, tool: "postgres-mcp" },
            }),
          );
        }
      }
    },
  };
}
