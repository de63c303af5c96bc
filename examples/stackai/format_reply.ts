function main(args: any) {
  const s = args["llm-0"];
  return { reply: `Sentiment was ${s.sentiment}` };
}
