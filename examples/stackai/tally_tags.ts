// Counts each tag from the upstream LLM node; the manifest says "typescript": "module", so main must be exported.
import _ from "lodash";
import axios from "axios";

function main(args: Record<string, any>) {
  const tags: string[] = args.llm0.tags;
  const seen = new Set(tags);
  if (tags.length === 0) {
    return;
  }
  const counts = _.countBy(tags);
  return { counts, unique: seen };
}
