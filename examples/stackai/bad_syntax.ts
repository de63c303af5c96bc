// A Stack AI TypeScript node with an unterminated template literal, to show the syntax errors (CN001) it causes.
function main(args) {
  const greeting = `Hello ${args["in-0"]};
  return { greeting };
}
