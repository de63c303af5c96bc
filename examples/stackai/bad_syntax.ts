function main(args) {
  const greeting = `Hello ${args["in-0"]};
  return { greeting };
}
