// A correct Stack AI TypeScript node: it reads the upstream LLM node's sentiment from args["llm-0"] and returns an object.
function main(args: any) {
  const s = args["llm-0"];
  return { reply: `Sentiment was ${s.sentiment}` };
}
