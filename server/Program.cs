// Entry point of codenode: the CLI commands and the language server (see Cli/ and Server/).
return CodeNodeLsp.Cli.CliApp.Run(args);
